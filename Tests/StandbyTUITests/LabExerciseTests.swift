import Foundation
import StandbyCore
import TestSupport
import Testing

/// Every trainer's exercise, end to end on real clusters: the lab is made
/// with the fault, the unattended run goes as far as it can, and it must
/// stop at the step the exercise names with the diagnosis it names.
extension LabTests {
@Suite("Lab exercises reach their verdicts")
struct LabExerciseTests {

    /// What the debrief's command to confirm the fault must show on the
    /// lab as the run left it: the fault itself, not just any output.
    static func confirmation(of exercise: LabExercise, _ state: LabState) -> [String] {
        switch exercise {
        case .missingHbaRule: ["no pg_hba.conf entry for replication connection from host \"127.0.0.1\""]
        // "Connection matched pg_hba.conf line N" up to 15, "Connection
        // matched file ... line N" from 16.
        case .wrongPassword: ["password authentication failed for user \"lab_replicator\"", "Connection matched "]
        case .walLevelTooLow: ["-cwal_level=minimal"]
        case .maxWalSendersZero: ["max_wal_senders | 0", "command line"]
        case .archiveNotWritable: ["drwx------ root root root-only"]
        case .primaryOnLocalhost: ["127.0.0.1:\(state.primary.port)"]
        case .strayRecoveryConf: ["recovery.conf"]
        case .wrongPrimaryPort: ["\(state.primary.port)"]
        case .lowMaxConnections: ["max_connections | 20", "conf.d/sizing.conf"]
        case .md5Password: ["lab_replicator | md5"]
        }
    }

    /// Runs the debrief's command (as `asUser`'s argv prefix says) and
    /// checks that it shows the fault.
    static func checkConfirmation(_ exercise: LabExercise, runOutput: String, answersPath: String, asUser: [String] = [],
                                  sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let lines = runOutput.split(separator: "\n").map(String.init)
        let index = try #require(lines.firstIndex(of: "  To confirm it:"), "no debrief in:\n\(runOutput)", sourceLocation: sourceLocation)
        let command = lines[index + 1].trimmingCharacters(in: .whitespaces)
        let state = try #require(LabState.owning(answersFile: answersPath)?.state, sourceLocation: sourceLocation)
        let shown = try ChildProcess.run(asUser + ["bash", "-c", command])
        for marker in confirmation(of: exercise, state) {
            // psql pads its columns; compare with runs of spaces as one.
            let squeezed = shown.output.replacingOccurrences(of: " +", with: " ", options: .regularExpression)
            #expect(squeezed.contains(marker), "\(command) shows no \(marker):\n\(shown.output)", sourceLocation: sourceLocation)
        }
        if exercise == .primaryOnLocalhost {
            #expect(!shown.output.contains("0.0.0.0:\(state.primary.port)"), "\(shown.output)", sourceLocation: sourceLocation)
        }
    }

    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason), arguments: LabExercise.allCases)
    func exerciseStopsWhereItShould(_ exercise: LabExercise) throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-ex-\(UUID().uuidString)").path
        let flags = ["--state-dir", stateDir, "--name-prefix", "swex\(getpid() % 100000)"]
        let up = try ChildProcess.run([BuiltBinary.path, "lab", "up", "--exercise", exercise.rawValue] + flags)
        defer { _ = try? ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags) }
        try #require(up.status == 0, "\(up.output)")
        #expect(up.output.contains("lab exercise: \(exercise.rawValue) is in place"))
        let answersPath = try #require(up.output.split(separator: "\n").last.map(String.init))

        let run = try ChildProcess.run([BuiltBinary.path, "run", "--answers", answersPath, "--mode", "lab"])
        let (step, diagnosis) = exercise.expectedStop
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("stopped at step \(step):"), "\(run.output)")
        #expect(run.output.contains("[diagnosis: \(diagnosis)"), "\(run.output)")
        #expect(run.output.contains("Debrief: the exercise was \(exercise.rawValue)"), "\(run.output)")
        try Self.checkConfirmation(exercise, runOutput: run.output, answersPath: answersPath)
        // What the fault added goes with the lab (conf.d, a stray file).
        let down = try ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags)
        #expect(down.status == 0 && !down.output.contains("kept "), "\(down.output)")
    }

    /// The exercises that apply to the data-directory layout (made without
    /// root, here as postgres): start options hide in postmaster.opts
    /// instead of Debian's pg_ctl.conf, and the other faults where they hide
    /// on Debian.
    static let dataDirectoryExercises = LabExercise.allCases.filter { !$0.needsRoot && !$0.needsDebianLayout }

    @Test(.enabled(if: getuid() == 0, "needs root: runs the lab as another user"), arguments: dataDirectoryExercises)
    func exerciseStopsWhereItShouldInTheDataDirectoryLayout(_ exercise: LabExercise) throws {
        let stateDir = "/tmp/standby-wizard-ddex-\(UUID().uuidString.prefix(8))"
        let asPostgres = ["runuser", "-u", "postgres", "--", BuiltBinary.path]
        let flags = ["--state-dir", stateDir, "--name-prefix", "swddx\(getpid() % 100000)"]
        let up = try ChildProcess.run(asPostgres + ["lab", "up", "--exercise", exercise.rawValue] + flags)
        defer {
            _ = try? ChildProcess.run(asPostgres + ["lab", "down"] + flags)
            try? FileManager.default.removeItem(atPath: stateDir)
        }
        try #require(up.status == 0, "\(up.output)")
        let answersPath = try #require(up.output.split(separator: "\n").last.map(String.init))
        let run = try ChildProcess.run(asPostgres + ["run", "--answers", answersPath, "--mode", "lab"])
        let (step, diagnosis) = exercise.expectedStop
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("stopped at step \(step):"), "\(run.output)")
        #expect(run.output.contains("[diagnosis: \(diagnosis)"), "\(run.output)")
        try Self.checkConfirmation(exercise, runOutput: run.output, answersPath: answersPath,
                                   asUser: ["runuser", "-u", "postgres", "--"])
    }

    /// Without Debian's layout the copy brings the primary's postgresql.conf,
    /// so a lower setting on the standby cannot be planted: refused, and
    /// nothing is left behind.
    @Test(.enabled(if: getuid() == 0, "needs root: runs the lab as another user"))
    func anExerciseForDebiansLayoutOnlyIsRefusedElsewhere() throws {
        let stateDir = "/tmp/standby-wizard-exdeb-\(UUID().uuidString.prefix(8))"
        let up = try ChildProcess.run(["runuser", "-u", "postgres", "--", BuiltBinary.path, "lab", "up",
                                       "--exercise", LabExercise.lowMaxConnections.rawValue, "--state-dir", stateDir,
                                       "--name-prefix", "swexd\(getpid() % 100000)"])
        #expect(up.status == 1)
        #expect(up.output.contains("needs root with Debian's pg_createcluster"), "\(up.output)")
        #expect(!FileManager.default.fileExists(atPath: stateDir))
    }

    /// What the trainee sees: the walkthrough in tmux at 80x24 stops at the
    /// login test, and the failure names its cause and where to fix it.
    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason), .enabled(if: Tmux.installed, Tmux.missing))
    func theTraineeSeesTheDiagnosis() throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-ex-tui-\(UUID().uuidString)").path
        let flags = ["--state-dir", stateDir, "--name-prefix", "swext\(getpid() % 100000)"]
        defer { _ = try? ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags) }
        let session = try TmuxSession([BuiltBinary.path, "lab", "--exercise", "max-wal-senders-0"] + flags, width: 80, height: 24,
                                      environment: ["TERM": "linux", "LANG": "C.UTF-8"])
        try session.waitFor("Step 1 of", limit: .seconds(60))
        let (failed, visited) = try LabWalk.walk(session) { $0.contains("Failed:") }
        #expect(failed.contains("Test the login"), "visited: \(visited)")
        // "Failed:" may be on screen a frame before the rest of the verdict.
        let screen = (try? session.waitFor("Go back to:")) ?? failed
        #expect(screen.contains("no free WAL sender slot"), "\(screen)")
        #expect(screen.contains("Go back to: Turn on replication"), "\(screen)")
        try session.press("q")
    }

    @Test func listNamesEveryExerciseWithinEightyColumns() throws {
        let list = try ChildProcess.run([BuiltBinary.path, "lab", "--list-exercises"])
        #expect(list.status == 0)
        let lines = list.output.split(separator: "\n")
        #expect(lines.count == LabExercise.allCases.count)
        for exercise in LabExercise.allCases {
            #expect(lines.contains { $0.hasPrefix(exercise.rawValue + " ") })
        }
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines)")
    }

    /// Only root can lock the server's user out of a directory.
    @Test(.enabled(if: getuid() == 0, "needs root: runs the lab as another user"))
    func theArchiveExerciseNeedsRootAndSaysSo() throws {
        let stateDir = "/tmp/standby-wizard-exroot-\(UUID().uuidString.prefix(8))"
        let up = try ChildProcess.run(["runuser", "-u", "postgres", "--", BuiltBinary.path, "lab", "up",
                                       "--exercise", "archive-not-writable", "--state-dir", stateDir,
                                       "--name-prefix", "swexr\(getpid() % 100000)"])
        #expect(up.status == 1)
        #expect(up.output.contains("needs root"), "\(up.output)")
        #expect(!FileManager.default.fileExists(atPath: stateDir))
    }

    /// `lab down` would take away what the lab made there; a directory
    /// that already holds something is not the lab's to use.
    @Test func aStateDirectoryHoldingFilesIsRefused() throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-taken-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: stateDir) }
        try "keep me\n".write(toFile: stateDir + "/notes.txt", atomically: false, encoding: .utf8)
        let up = try ChildProcess.run([BuiltBinary.path, "lab", "up", "--state-dir", stateDir, "--name-prefix", "swtaken"])
        #expect(up.status == 1)
        #expect(up.output.contains("\(stateDir) already holds files the lab did not make (notes.txt)"), "\(up.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: stateDir) == ["notes.txt"])
        #expect(try String(contentsOfFile: stateDir + "/notes.txt", encoding: .utf8) == "keep me\n")
        #expect(try FileManager.default.attributesOfItem(atPath: stateDir)[.posixPermissions] as? Int == 0o755)
        let down = try ChildProcess.run([BuiltBinary.path, "lab", "down", "--state-dir", stateDir, "--name-prefix", "swtaken"])
        #expect(down.output == "no lab is up\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: stateDir) == ["notes.txt"])
    }

    @Test func anUnknownExerciseChangesNothing() throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-bad-\(UUID().uuidString)").path
        let up = try ChildProcess.run([BuiltBinary.path, "lab", "up", "--exercise", "no-such-fault", "--state-dir", stateDir,
                                       "--name-prefix", "swbad\(getpid() % 100000)"])
        #expect(up.status != 0)
        #expect(up.output.contains("missing-hba-rule"))
        #expect(!FileManager.default.fileExists(atPath: stateDir))
    }
}
}
