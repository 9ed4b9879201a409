import Foundation
import TestSupport

/// A wizard started in the background that stops itself (SIGSTOP) at one
/// step, just after it started or changed something there
/// (STANDBY_WIZARD_STOP_AT), its output in a log: the test breaks
/// something while it is stopped, then lets it go on or kills it.
final class StoppedRun: @unchecked Sendable {
    let pidFile: String
    let log: String
    let finished = Flag()

    /// `launch` runs the given argv with the environment to its end (on
    /// this machine by default; a test's host may wrap it).
    init(at step: String, scratch: String, logName: String, argv: [String],
         launch: @escaping @Sendable ([String], [String: String]) -> Void = { _ = try? ChildProcess.run($0, environment: $1) }) {
        pidFile = scratch + "/stopped.pid"
        // An earlier run's file in the same scratch would name a wizard
        // long gone.
        unlink(pidFile)
        log = scratch + "/" + logName
        let environment = ProcessInfo.processInfo.environment.merging(["STANDBY_WIZARD_STOP_AT": "\(step):\(pidFile)"]) { $1 }
        let shell = ["/bin/sh", "-c", "exec \"$@\" > \"$0\" 2>&1", log] + argv
        let finished = finished
        // The child is reaped on this thread; the test waits on the flag.
        Thread {
            launch(shell, environment)
            finished.set()
        }.start()
    }

    /// The stopped wizard's PID; nil when it ended first or never stopped.
    func waitUntilStopped(limit: TimeInterval = 180) -> Int32? {
        let deadline = Date().addingTimeInterval(limit)
        while !FileManager.default.fileExists(atPath: pidFile) && !finished.isSet && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        return (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// True when it ended within `limit`.
    func waitUntilFinished(limit: TimeInterval = 180) -> Bool {
        let deadline = Date().addingTimeInterval(limit)
        while !finished.isSet && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        return finished.isSet
    }

    var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
}
