import Foundation
@testable import StandbyCore
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension SecondLabLine.FaultSuiteTests {
    /// Debian's logrotate runs (copytruncate, as postgresql-common sets it
    /// up) between the standby's start and the gate that waits for it to
    /// stream: what the server said is in the copy now, and the gate still
    /// reads it there instead of waiting for lines that will not come again.
    static func logRotatedDuringTheGate(_ p: Problems) throws {
        let lab = try p.lab("flr")
        let log = try p.require(lab.values["SECONDARY_PG_LOG"])
        let rotated = log + ".1"
        defer { unlink(rotated) }
        let gate = StoppedRun(at: "secondary-streaming", scratch: lab.scratch, logName: "rotated.log",
                              argv: [BuiltBinary.path, "run", "--answers", lab.answersPath, "--mode", "lab"])
        let pid = try p.require(gate.waitUntilStopped(), gate.output)
        // The server has started and said so by now (the start step waited
        // for it); give it a moment to connect to the primary.
        for _ in 0..<50 {
            if ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("started streaming WAL") { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let copied = try ChildProcess.run(["sh", "-c", "cp \"$0\" \"$1\" && truncate -s 0 \"$0\"", log, rotated])
        try p.require(copied.status == 0, copied.output)
        p.expect(((try? String(contentsOfFile: rotated, encoding: .utf8)) ?? "").contains("started streaming WAL"),
                 "the rotated copy does not hold the server's words, so the case proves nothing")
        kill(pid, SIGCONT)
        p.expect(gate.waitUntilFinished(limit: 120), "the gate waited on after the log was rotated:\n\(gate.output)")
        p.expect(gate.output.contains("log shows: entering standby mode"), gate.output)
        p.expect(gate.output.contains("verification passed"), gate.output)
    }
}
