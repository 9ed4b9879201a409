import Foundation
import StandbyCore
import TestSupport
import Testing

/// A trainee's walk through an exercise, start to end on a real lab: the
/// debrief when it ends, and the trainer's report read from the trail and
/// the journal, before and after the trainee puts the fault right.
extension LabTests {
@Suite("Lab debrief and trainer's report")
struct LabDebriefTests {

    static func lines(after marker: String, in output: String) -> String? {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let index = lines.firstIndex(where: { $0.contains(marker) }), index + 1 < lines.count else { return nil }
        return lines[index + 1].trimmingCharacters(in: .whitespaces)
    }

    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func aStoppedRunIsDebriefedAndTheReportFollowsTheFix() throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-debrief-\(UUID().uuidString)").path
        let prefix = "swdbf\(getpid() % 100000)"
        let flags = ["--state-dir", stateDir, "--name-prefix", prefix]
        let up = try ChildProcess.run([BuiltBinary.path, "lab", "up", "--exercise", "primary-on-localhost"] + flags)
        defer { _ = try? ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags) }
        try #require(up.status == 0, "\(up.output)")
        let answersPath = try #require(up.output.split(separator: "\n").last.map(String.init))
        let state = try #require(LabState.owning(answersFile: answersPath)?.state)
        let port = state.primary.port

        // The trainee's first walk stops at the fault, and the debrief says
        // what it was.
        let first = try ChildProcess.run([BuiltBinary.path, "run", "--answers", answersPath, "--mode", "lab"])
        #expect(first.status == 1)
        #expect(first.output.contains("Debrief: the exercise was primary-on-localhost"), "\(first.output)")
        #expect(first.output.contains("Where it hid: in /etc/postgresql/\(state.version)/\(prefix)-primary/pg_ctl.conf"), "\(first.output)")
        #expect(first.output.contains("First evidence: step \"Reach the primary\" (secondary-reach-primary)"), "\(first.output)")
        #expect(first.output.contains("lab report --name-prefix \(prefix) --state-dir \(stateDir)"), "\(first.output)")
        // The command it gives does confirm the fault: the port is open on
        // loopback only.
        let confirm = try #require(Self.lines(after: "To confirm it:", in: first.output))
        #expect(confirm == "ss -ltn 'sport = :\(port)'")
        let listening = try ChildProcess.run(["bash", "-c", confirm])
        #expect(listening.output.contains("127.0.0.1:\(port)"), "\(listening.output)")
        #expect(!listening.output.contains("0.0.0.0:\(port)"), "\(listening.output)")

        let before = try ChildProcess.run([BuiltBinary.path, "lab", "report"] + flags)
        #expect(before.status == 0, "\(before.output)")
        #expect(before.output.contains("Exercise: primary-on-localhost:"), "\(before.output)")
        #expect(before.output.contains("Failures (1):"), "\(before.output)")
        #expect(before.output.contains("secondary-reach-primary: no-response"), "\(before.output)")
        #expect(before.output.contains("First failure: at the exercise's step with its diagnosis"), "\(before.output)")
        #expect(before.output.contains("First failure to fix: not fixed"), "\(before.output)")
        #expect(before.output.contains("Verified: no (ended stopped at step secondary-reach-primary"), "\(before.output)")
        #expect(before.output.contains("Steps visited (16):\n  welcome, primary-host,"), "\(before.output)")

        // The trainee finds the start option and takes it out, as on a real
        // server, and the walkthrough goes on from the journal.
        let pgCtlConf = "/etc/postgresql/\(state.version)/\(prefix)-primary/pg_ctl.conf"
        let text = try String(contentsOfFile: pgCtlConf, encoding: .utf8)
        try #require(text.contains("-clisten_addresses=localhost"))
        try text.replacingOccurrences(of: "-o -clisten_addresses=localhost", with: "")
            .write(toFile: pgCtlConf, atomically: false, encoding: .utf8)
        let restart = try ChildProcess.run(["pg_ctlcluster", state.version, "\(prefix)-primary", "restart"])
        try #require(restart.status == 0, "\(restart.output)")
        let second = try ChildProcess.run([BuiltBinary.path, "run", "--answers", answersPath, "--mode", "lab"])
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("Debrief: the exercise was primary-on-localhost"))

        let after = try ChildProcess.run([BuiltBinary.path, "lab", "report"] + flags)
        #expect(after.output.contains("Failures (1):"), "\(after.output)")
        #expect(after.output.contains("secondary-reach-primary x2"), "\(after.output)")
        #expect(after.output.range(of: #"First failure to fix: \d+s \(secondary-reach-primary failed at [^,]+, passed at "#,
                                   options: .regularExpression) != nil, "\(after.output)")
        #expect(after.output.contains("Verified: yes (ended verified, "), "\(after.output)")
        #expect(after.output.contains("; 2 sessions)"), "\(after.output)")
        #expect(after.output.contains("Retries: 0\nSkips: 0\nOverrides: 0"), "\(after.output)")

        // lab down takes the trail with the lab, and the password file line
        // the walkthrough wrote for the exercise's address.
        let down = try ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags)
        #expect(down.output.contains("removed \(stateDir)/exercise-trail.jsonl"), "\(down.output)")
        #expect(!down.output.contains("kept "), "\(down.output)")
        let pgpass = (try? String(contentsOfFile: "/var/lib/postgresql/.pgpass", encoding: .utf8)) ?? ""
        #expect(!pgpass.contains(":\(port):replication:"))
    }

    /// Picked at random: `lab up` does not say which, the debrief does.
    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func aRandomExerciseIsNamedOnlyByTheDebrief() throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-random-\(UUID().uuidString)").path
        let flags = ["--state-dir", stateDir, "--name-prefix", "swrnd\(getpid() % 100000)"]
        let up = try ChildProcess.run([BuiltBinary.path, "lab", "up", "--exercise", "random"] + flags)
        defer { _ = try? ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags) }
        try #require(up.status == 0, "\(up.output)")
        #expect(up.output.contains("lab exercise: one picked at random is in place; the debrief names it"))
        for exercise in LabExercise.allCases { #expect(!up.output.contains(exercise.rawValue), "\(up.output)") }
        let answersPath = try #require(up.output.split(separator: "\n").last.map(String.init))
        let state = try #require(LabState.owning(answersFile: answersPath)?.state)
        let exercise = try #require(state.exercise)
        #expect(state.pickedAtRandom)

        let run = try ChildProcess.run([BuiltBinary.path, "run", "--answers", answersPath, "--mode", "lab"])
        #expect(run.output.contains("Debrief: the exercise was \(exercise.rawValue)"), "\(run.output)")
        #expect(run.output.contains("stopped at step \(exercise.expectedStop.step):"), "\(run.output)")
        let report = try ChildProcess.run([BuiltBinary.path, "lab", "report"] + flags)
        #expect(report.output.contains("Exercise: \(exercise.rawValue) (picked at random):"), "\(report.output)")
        let down = try ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags)
        #expect(down.status == 0 && !down.output.contains("kept "), "\(down.output)")
        #expect(!(try ChildProcess.run(["pg_lsclusters"]).output.contains(state.standby.name)))
    }

    /// The trainee at the keyboard: a retry, then q; the debrief is the
    /// last screen and stays printed once it closes, and the report counts
    /// the retry and the quit.
    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason), .enabled(if: Tmux.installed, Tmux.missing))
    func theTraineeQuitsAndReadsTheDebrief() throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-debrief-tui-\(UUID().uuidString)").path
        let flags = ["--state-dir", stateDir, "--name-prefix", "swdbt\(getpid() % 100000)"]
        defer { _ = try? ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags) }
        let session = try TmuxSession([BuiltBinary.path, "lab", "--exercise", "max-wal-senders-0"] + flags, width: 80, height: 24,
                                      environment: ["TERM": "linux", "LANG": "C.UTF-8"])
        try session.waitFor("Step 1 of", limit: .seconds(60))
        let (screen, visited) = try LabWalk.walk(session) { $0.contains("Failed:") }
        try #require(screen.contains("Test the login"), "visited: \(visited)")
        // The login test changes nothing, so r runs it again at once; a
        // step that changes something would ask first.
        try session.press("r")
        if (try? session.waitUntil(limit: .seconds(2), recordTimeout: false) { $0.contains("y run it") }) != nil { try session.press("y") }
        // The rerun takes well under a second; then it has failed again.
        Thread.sleep(forTimeInterval: 1)
        _ = try session.waitUntil(limit: .seconds(30)) { $0.contains("Failed:") && !$0.contains("y run it") }
        try session.press("q")
        _ = try session.waitFor("y quit")
        try session.press("y")
        // The last screen: the debrief in its box, until a key.
        let page = try session.waitFor("any key closes")
        #expect(page.contains("Debrief: the exercise was max-wal-senders-0"), "\(page)")
        #expect(page.contains("First evidence: step \"Test the login\""), "\(page)")
        #expect(page.contains("pg_ctl.conf"), "\(page)")
        try session.press("Enter")
        // Then the terminal keeps it, printed under the exit summary (whose
        // first lines a 24-row terminal has scrolled away by then).
        let after = try session.waitUntil { $0.contains("The trainer's record:") && !$0.contains("any key closes") }
        #expect(after.contains("Debrief: the exercise was max-wal-senders-0"), "\(after)")
        #expect(after.contains("it resumes at \"Test the login\""), "the exit summary is not above it:\n\(after)")

        let report = try ChildProcess.run([BuiltBinary.path, "lab", "report"] + flags)
        #expect(report.output.contains("Retries: 1 (secondary-replication-login)"), "\(report.output)")
        #expect(report.output.contains("Verified: no (ended quit at step secondary-replication-login"), "\(report.output)")
        #expect(report.output.contains("secondary-replication-login: max-wal-senders"), "\(report.output)")
        #expect(report.output.contains("Steps visited") && report.output.contains("  welcome,"), "\(report.output)")
    }
}
}
