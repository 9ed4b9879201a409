import Foundation
import StandbyCore
import TestSupport
import Testing

/// Replication proved with psql alone, whatever the wizard said: the
/// standby is in recovery, the primary sees it streaming, and a row written
/// on the primary arrives.
enum ReplicationProof {
    static func check(_ answers: Answers, table: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let values = DerivedVariables.values(from: answers).merging(answers.values) { $1 }
        let primary = ClusterSQL(role: .primary, values: values, hosts: ThisMachine())
        let standby = ClusterSQL(role: .secondary, values: values, hosts: ThisMachine())
        #expect(try standby.query("SELECT pg_is_in_recovery()") == "t", sourceLocation: sourceLocation)
        #expect(try primary.query("SELECT state FROM pg_stat_replication") == "streaming", sourceLocation: sourceLocation)
        try primary.query("CREATE TABLE \(table) (note text); INSERT INTO \(table) VALUES ('written on the primary')")
        var seen = ""
        for _ in 0..<100 where seen.isEmpty {
            seen = (try? standby.query("SELECT note FROM \(table)")) ?? ""
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(seen == "written on the primary", sourceLocation: sourceLocation)
    }
}

/// A trainee at the keyboard: Enter on every step, y where a step changes
/// data, waiting while a command runs or a gate counts down, until `done`
/// or until the wizard exits. Returns the last screen and the steps seen.
enum LabWalk {
    static func walk(_ session: TmuxSession, limit: Int = 200, until done: (String) -> Bool) throws -> (String, [String]) {
        var screen = ""
        var visited: [String] = []
        for _ in 0..<limit {
            screen = try session.screen()
            if done(screen) { break }
            if screen.contains("[exit ") || screen.contains("Pane is dead") { break }
            let step = screen.split(separator: "\n").first.map(String.init) ?? ""
            if visited.last != step { visited.append(step) }
            // Nothing is pressed while a command, a gate or the checks run:
            // checks that pass sooner than a key arrives would otherwise
            // take that key as the next step's.
            if screen.contains("Ctrl-C interrupt") || screen.contains("Waiting") || screen.contains("Running the checks") {
                Thread.sleep(forTimeInterval: 0.3)
                continue
            }
            // A check that refused a step names the step that puts it right.
            let key = screen.contains("y run it") ? "y" : screen.contains("b goes back to that step") || screen.contains("b back to the fix") ? "b" : "Enter"
            try session.press(key)
            _ = try? session.waitUntil(limit: .seconds(3), recordTimeout: false) { $0 != screen || done($0) }
        }
        return (screen, visited)
    }
}

/// A lab of one test's own: its own state directory and name prefix, made
/// now and removed when the value goes, also when the test fails; with a
/// scratch directory beside it for the test's own files.
final class TestLab {
    let prefix: String
    let flags: [String]
    let answersPath: String
    let answers: Answers
    let values: [String: String]
    let scratch: String

    /// `upFlags` go to `lab up` (`--bindir` for the data-directory layout).
    init(_ name: String, upFlags: [String] = []) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("lab-\(name)-\(UUID().uuidString)").path
        prefix = "sw\(name)\(getpid() % 100000)"
        flags = ["--state-dir", base, "--name-prefix", prefix]
        scratch = base + "-scratch"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let up = try ChildProcess.run([BuiltBinary.path, "lab", "up"] + upFlags + flags)
        guard up.status == 0, let path = up.output.split(separator: "\n").last.map(String.init) else {
            _ = try? ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags)
            try? FileManager.default.removeItem(atPath: scratch)
            throw TmuxSession.TmuxError.failed("lab up: \(up.output)")
        }
        answersPath = path
        answers = try AnswersFile.load(path: path, environment: [:])
        values = DerivedVariables.values(from: answers).merging(answers.values) { $1 }
    }

    deinit {
        _ = try? ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags)
        try? FileManager.default.removeItem(atPath: scratch)
    }

    func sql(_ role: HostRole) -> ClusterSQL { ClusterSQL(role: role, values: values, hosts: ThisMachine()) }
}

/// Lab tests run one after another, in two lines side by side: most of a
/// lab test is waiting on servers, and two labs at once keep two cores
/// busy. `lab up` holds a lock while it picks ports, so labs made at the
/// same moment get their own; their name prefixes must differ across
/// both lines (each test has its own word before the PID).
@Suite("Labs", .serialized, Needs.postgreSQL)
enum LabTests {
    /// Debian's own layout, clusters made with pg_createcluster, needs root.
    static let debianRoot = getuid() == 0 && FileManager.default.fileExists(atPath: "/usr/bin/pg_createcluster")
    static let debianRootReason: Comment = "needs root and Debian's pg_createcluster"
}

/// The second line of lab tests: the faults, the second major and the two
/// hosts, beside the first.
@Suite("Labs, second line", .serialized, Needs.postgreSQL)
enum SecondLabLine {}

/// The whole procedure, as a trainee would do it: the lab's two clusters,
/// the real binary in tmux at 80x24, keys only. Replication is then proved
/// with psql, independently of the wizard.
extension LabTests {
@Suite("Lab walkthrough in tmux", .enabled(if: Tmux.installed, Tmux.missing))
struct LabWalkthroughTests {
    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func theWholeLabEndsOnAPassedVerification() throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-e2e-\(UUID().uuidString)").path
        let prefix = "swe2e\(getpid() % 100000)"
        let lab = [BuiltBinary.path, "lab"]
        let flags = ["--state-dir", stateDir, "--name-prefix", prefix]
        let up = try ChildProcess.run(lab + ["up"] + flags)
        defer { _ = try? ChildProcess.run(lab + ["down"] + flags) }
        try #require(up.status == 0, "\(up.output)")
        let answersPath = try #require(up.output.split(separator: "\n").last.map(String.init))
        let answers = try AnswersFile.load(path: answersPath, environment: [:])

        let session = try TmuxSession(lab + ["open"] + flags, width: 80, height: 24,
                                      environment: ["TERM": "linux", "LANG": "C.UTF-8"])
        try session.waitFor("Step 1 of")
        var surveyed = false
        let (screen, visited) = try LabWalk.walk(session) { screen in
            // The primary's form shows what this machine has for it.
            if screen.contains("On this machine:") && screen.contains("Debian cluster \(answers["PRIMARY_PG_VERSION"] ?? "?")/\(prefix)-primary, online") {
                surveyed = true
            }
            return screen.contains("Passed: the standby follows the primary.")
        }
        #expect(screen.contains("Passed: the standby follows the primary."), "stopped at:\n\(screen)\nvisited: \(visited)")
        #expect(screen.contains("[x] a row written on the primary appears on"))
        #expect(!screen.contains("[!]"))
        #expect(surveyed, "the primary's form never showed the cluster found on this machine")

        // Independently of the wizard.
        try ReplicationProof.check(answers, table: "e2e_probe")
        // A host was changed, so quitting asks first.
        try session.press("F10")
        try session.waitFor("Quit standby-wizard?")
        try session.press("y")
        #expect(try session.waitForExit() == 0)

        // lab down takes away everything, the password file's entry too.
        let down = try ChildProcess.run(lab + ["down"] + flags)
        #expect(down.status == 0, "\(down.output)")
        #expect(down.output.contains("the lab's line in"))
        let listed = try ChildProcess.run(["pg_lsclusters", "-h"]).output
        #expect(!listed.contains(prefix))
        #expect(LabLeftovers.find(prefix: prefix, version: answers["PRIMARY_PG_VERSION"] ?? "?") == [])
        #expect(!FileManager.default.fileExists(atPath: stateDir), "the lab made its state directory and takes it away")
    }
}

@Suite("Unattended run on the lab")
struct UnattendedLabTests {
    /// The whole procedure unattended, then everything it could leave
    /// behind: the password in any process's arguments or environment
    /// while it ran, in the password file's backups, in the transcript; and
    /// after `lab down`, anything of the lab's, while a file the operator
    /// put in the state directory stays.
    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func runAnswersBuildsAStandbyThatReplicates() throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-run-\(UUID().uuidString)").path
        let prefix = "swrun\(getpid() % 100000)"
        let flags = ["--state-dir", stateDir, "--name-prefix", prefix]
        let up = try ChildProcess.run([BuiltBinary.path, "lab", "up"] + flags)
        defer {
            _ = try? ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags)
            try? FileManager.default.removeItem(atPath: stateDir)
        }
        try #require(up.status == 0, "\(up.output)")
        let answersPath = try #require(up.output.split(separator: "\n").last.map(String.init))
        let answers = try AnswersFile.load(path: answersPath, environment: [:])
        let password = try #require(answers.password)
        let notes = stateDir + "/trainer-notes.txt"
        try "the operator's own file\n".write(toFile: notes, atomically: false, encoding: .utf8)

        let sampler = SecretSampler(secret: password)
        sampler.start()
        let run = try ChildProcess.run([BuiltBinary.path, "run", "--answers", answersPath, "--mode", "lab"])
        let sampled = sampler.stop()
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("verification passed"))
        #expect(!run.output.contains(password))
        #expect(sampled.passes > 10, "the process list was sampled only \(sampled.passes) times")
        #expect(sampled.environmentsRead > sampled.passes, "environments were not readable")
        #expect(sampled.leaks.isEmpty, "the password was visible: \(sampled.leaks)")

        try ReplicationProof.check(answers, table: "run_probe")
        let version = try #require(answers["PRIMARY_PG_VERSION"])
        #expect(!LabLeftovers.find(prefix: prefix, version: version).isEmpty, "the lab's clusters are not where the check looks")
        let down = try ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags)
        #expect(down.status == 0, "\(down.output)")
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == "the operator's own file\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: stateDir) == ["trainer-notes.txt"])
        #expect(down.output.contains("kept \(stateDir): it holds what the lab did not make: trainer-notes.txt"), "\(down.output)")
        #expect(LabLeftovers.find(prefix: prefix, version: version) == [])
        let postgresHome = "/var/lib/postgresql"
        for name in try FileManager.default.contentsOfDirectory(atPath: postgresHome) where name.hasPrefix(".pgpass") {
            let content = (try? String(contentsOfFile: postgresHome + "/" + name, encoding: .utf8)) ?? ""
            #expect(!content.contains(password), "\(name) still holds the lab's password")
        }
        let transcript = try #require(run.output.split(separator: "\n").first { $0.hasPrefix("transcript: ") })
        let text = try String(contentsOfFile: String(transcript.dropFirst("transcript: ".count)), encoding: .utf8)
        #expect(!text.contains(password))
    }

    /// The source procedure's way: the primary's part at the primary, then
    /// the standby's part at the standby, each with --role; the standby's
    /// part ends on the checks it can make alone.
    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func eachHostsPartInTurnBuildsAStandby() throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-roles-\(UUID().uuidString)").path
        let flags = ["--state-dir", stateDir, "--name-prefix", "swrole\(getpid() % 100000)"]
        let up = try ChildProcess.run([BuiltBinary.path, "lab", "up"] + flags)
        defer { _ = try? ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags) }
        try #require(up.status == 0, "\(up.output)")
        let answersPath = try #require(up.output.split(separator: "\n").last.map(String.init))
        let answers = try AnswersFile.load(path: answersPath, environment: [:])

        let primary = try ChildProcess.run([BuiltBinary.path, "run", "--answers", answersPath, "--mode", "lab", "--role", "primary"])
        #expect(primary.status == 0, "\(primary.output)")
        #expect(primary.output.contains("every step of the primary's part passed"))
        #expect(!primary.output.contains("(SECONDARY)"))
        #expect(!primary.output.contains("Prove it replicates"))

        let standby = try ChildProcess.run([BuiltBinary.path, "run", "--answers", answersPath, "--mode", "lab", "--role", "secondary"])
        #expect(standby.status == 0, "\(standby.output)")
        #expect(!standby.output.contains("(PRIMARY)"))
        #expect(standby.output.contains("Test the login"))
        #expect(standby.output.contains("[x] receiving: the WAL receiver streams from the primary"), "\(standby.output)")
        // Alone, the standby still compares itself with the primary: its
        // identity over the replication connection, and replay past the
        // primary's position.
        #expect(standby.output.contains("[x] source-query: the standby is a copy of the primary and replayed past its WAL position"), "\(standby.output)")
        #expect(standby.output.contains("the standby's system identifier is the same: "))
        #expect(standby.output.contains("verification passed"))
        try ReplicationProof.check(answers, table: "roles_probe")
    }

    /// The two other ways of keeping WAL, each proved on the servers: the
    /// standby streams through its slot, or reads the archive back and
    /// prunes it at a restartpoint.
    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason),
          arguments: ["slot", "archive"])
    func eachWayOfKeepingWalWorks(_ retention: String) throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-wal-\(UUID().uuidString)").path
        let flags = ["--state-dir", stateDir, "--name-prefix", "swwal\(getpid() % 100000)"]
        let up = try ChildProcess.run([BuiltBinary.path, "lab", "up"] + flags)
        defer { _ = try? ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags) }
        try #require(up.status == 0, "\(up.output)")
        let answersPath = try #require(up.output.split(separator: "\n").last.map(String.init))
        let handle = try #require(FileHandle(forWritingAtPath: answersPath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("WAL_RETENTION: \(retention)\n".utf8))
        try handle.close()
        let answers = try AnswersFile.load(path: answersPath, environment: [:])

        let run = try ChildProcess.run([BuiltBinary.path, "run", "--answers", answersPath, "--mode", "lab"])
        #expect(run.status == 0, "\(run.output)")
        try ReplicationProof.check(answers, table: "wal_\(retention)_probe")
        let values = DerivedVariables.values(from: answers).merging(answers.values) { $1 }
        let primary = ClusterSQL(role: .primary, values: values, hosts: ThisMachine())
        let standby = ClusterSQL(role: .secondary, values: values, hosts: ThisMachine())
        switch retention {
        case "slot":
            #expect(!run.output.contains("Keep WAL for standby"))
            #expect(try primary.query("SELECT slot_type, active FROM pg_replication_slots WHERE slot_name = 'standby_127_0_0_1'") == "physical|t")
            #expect(try primary.query("SHOW max_slot_wal_keep_size") == "10GB")
        default:
            let archive = try #require(answers["REP_ARCHIVE"])
            #expect(try standby.query("SHOW restore_command").contains(archive))
            let first = archive + "/000000010000000000000001"
            #expect(FileManager.default.fileExists(atPath: first))
            // Finished WAL reaches the standby, which prunes the archive
            // at its next restartpoint.
            for _ in 0..<3 { try primary.query("INSERT INTO wal_archive_probe VALUES ('more'); SELECT pg_switch_wal()") }
            try primary.query("CHECKPOINT")
            var pruned = false
            for _ in 0..<50 where !pruned {
                Thread.sleep(forTimeInterval: 0.2)
                try standby.query("CHECKPOINT")
                pruned = !FileManager.default.fileExists(atPath: first)
            }
            #expect(pruned, "pg_archivecleanup left \(first)")
        }
    }

    /// A standby built once is rebuilt by its own part in rebuild mode: the
    /// old data is set aside (not removed), the primary is not touched, and
    /// the new copy replicates.
    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func rebuildingTheStandbyKeepsTheOldDataAndReplicates() throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-rebuild-\(UUID().uuidString)").path
        let prefix = "swreb\(getpid() % 100000)"
        let flags = ["--state-dir", stateDir, "--name-prefix", prefix]
        let up = try ChildProcess.run([BuiltBinary.path, "lab", "up"] + flags)
        defer { _ = try? ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags) }
        try #require(up.status == 0, "\(up.output)")
        let answersPath = try #require(up.output.split(separator: "\n").last.map(String.init))
        let answers = try AnswersFile.load(path: answersPath, environment: [:])
        let built = try ChildProcess.run([BuiltBinary.path, "run", "--answers", answersPath, "--mode", "lab"])
        #expect(built.status == 0, "\(built.output)")

        let rebuilt = try ChildProcess.run([BuiltBinary.path, "run", "--answers", answersPath, "--mode", "rebuild", "--role", "secondary"])
        #expect(rebuilt.status == 0, "\(rebuilt.output)")
        #expect(rebuilt.output.contains("Check the old role"))
        #expect(rebuilt.output.contains("in archive recovery"), "the data directory was a standby's")
        #expect(!rebuilt.output.contains("(PRIMARY)"))
        let parent = "/var/lib/postgresql/\(answers["SECONDARY_PG_VERSION"] ?? "")"
        let setAside = try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix("\(prefix)-standby.pre-standby-") }
        #expect(setAside.count == 2, "the package's data and the first standby's, both kept: \(setAside)")
        try ReplicationProof.check(answers, table: "rebuild_probe")
    }

    @Test func aMissingPasswordStopsWithAReasonAndExitOne() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("answers-\(UUID().uuidString).yaml").path
        try "PRIMARY_PG_IP: 192.0.2.10\nPRIMARY_PG_VERSION: 15\nSECONDARY_PG_IP: 192.0.2.20\nSECONDARY_PG_VERSION: 15\nSECONDARY_PG_CLUSTER: standby\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        defer { unlink(file) }
        let run = try ChildProcess.run([BuiltBinary.path, "run", "--answers", file])
        #expect(run.status == 1)
        #expect(run.output.contains("REP_USER_PW is not answered"))
    }
}

@Suite("Gate after a restart on a lab cluster")
struct LabGateTests {
    /// A Debian cluster made like the lab makes it, restarted through the
    /// service step, and the gate reading its log from before the restart.
    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func aGatePassesOnTheRealServersReadyLineAfterARestart() throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-\(UUID().uuidString)").path
        let lab = TrainingLab(stateDirectory: stateDir, namePrefix: "swtest\(getpid())")
        let made = try lab.up()
        defer { _ = try? lab.down() }
        let answers = try AnswersFile.load(path: made.answersFile, environment: [:])
        // A setting only a restart applies: the step restarts, not reloads.
        let values = DerivedVariables.values(from: answers).merging(answers.values) { $1 }
        try ClusterSQL(role: .primary, values: values, hosts: ThisMachine()).query("ALTER SYSTEM SET max_connections = 99")
        var app = LiveStepTests.app([LiveStepTests.step("restart", .command(CommandAction(spec: .service(.restart), runAs: .root))),
                            LiveStepTests.step("ready", .gate(GateAction(expect: [.acceptingConnections], timeoutSeconds: 60)))],
                           answers: answers.values)
        app.press(.enter, .enter)
        LiveStepTests.run(&app) { !$0.isBusy }
        #expect(app.draw().text.contains("pg_ctlcluster"))
        app.press(.enter)
        #expect(app.currentStep?.id == "ready")
        LiveStepTests.run(&app) { $0.draw().text.contains("The log shows the step worked") }
        let screen = app.draw().text
        #expect(screen.contains("/var/log/postgresql/postgresql-\(made.version)-"))
        #expect(screen.contains("[x] "))
        #expect(app.press(.enter) == .quit(.finished))
        #expect(app.state.status(of: "ready") == .done)
    }
}

@Suite("Unattended run on a data-directory lab")
struct DataDirectoryLabTests {
    /// Made by the postgres user without root, so the lab uses initdb and
    /// keeps the configuration inside each data directory, as RHEL-style
    /// packages do; the copied postgresql.conf then needs the standby's
    /// own port back.
    @Test(.enabled(if: getuid() == 0, "needs root: runs the lab as another user"))
    /// The state directory is lent to the lab empty, as an operator may
    /// prepare one: `lab down` empties it and gives back its mode.
    func runAnswersBuildsAStandbyOfTheDataDirectoryLayout() throws {
        let stateDir = "/tmp/standby-wizard-ddlab-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o750])
        try #require(try ChildProcess.run(["chown", "postgres:postgres", stateDir]).status == 0)
        let asPostgres = ["runuser", "-u", "postgres", "--", BuiltBinary.path]
        let flags = ["--state-dir", stateDir, "--name-prefix", "swdd\(getpid() % 100000)"]
        let up = try ChildProcess.run(asPostgres + ["lab", "up"] + flags)
        defer {
            _ = try? ChildProcess.run(asPostgres + ["lab", "down"] + flags)
            try? FileManager.default.removeItem(atPath: stateDir)
        }
        try #require(up.status == 0, "\(up.output)")
        let answersPath = try #require(up.output.split(separator: "\n").last.map(String.init))
        let answers = try AnswersFile.load(path: answersPath, environment: [:])
        #expect(answers["SECONDARY_PG_CLUSTER"]?.hasPrefix(stateDir) == true)
        #expect(try FileManager.default.attributesOfItem(atPath: stateDir)[.posixPermissions] as? Int == 0o711)

        let run = try ChildProcess.run(asPostgres + ["run", "--answers", answersPath, "--mode", "lab"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("Restore its own port"))
        try ReplicationProof.check(answers, table: "datadir_probe")

        let down = try ChildProcess.run(asPostgres + ["lab", "down"] + flags)
        #expect(down.status == 0, "\(down.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: stateDir) == [])
        #expect(try FileManager.default.attributesOfItem(atPath: stateDir)[.posixPermissions] as? Int == 0o750)
    }

    /// A trainer without root and without the postgres account: the lab's
    /// servers, archive and password file are that user's own. The account
    /// is made for the test and removed with its home afterwards.
    @Test(.enabled(if: getuid() == 0, "needs root: runs the lab as another user"))
    func anOrdinaryUserRunsTheWholeLab() throws {
        let user = "swlab\(getpid() % 100000)"
        let made = try ChildProcess.run(["useradd", "--create-home", "--shell", "/bin/sh", user])
        try #require(made.status == 0, "\(made.output)")
        defer { _ = try? ChildProcess.run(["userdel", "--remove", user]) }
        let home = "/home/\(user)"
        // The test binary may sit under a directory the user cannot enter.
        let binary = home + "/standby-wizard"
        try FileManager.default.copyItem(atPath: BuiltBinary.path, toPath: binary)
        let asUser = ["runuser", "-u", user, "--", "env", "HOME=\(home)", binary]
        let flags = ["--state-dir", home + "/lab", "--name-prefix", "swuser\(getpid() % 100000)"]
        let up = try ChildProcess.run(asUser + ["lab", "up"] + flags)
        defer { _ = try? ChildProcess.run(asUser + ["lab", "down"] + flags) }
        try #require(up.status == 0, "\(up.output)")
        let answersPath = try #require(up.output.split(separator: "\n").last.map(String.init))

        let run = try ChildProcess.run(asUser + ["run", "--answers", answersPath, "--mode", "lab"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("chown \(user) "), "the archive belongs to the servers' owner")
        let pgpass = try String(contentsOfFile: home + "/.pgpass", encoding: .utf8)
        #expect(pgpass.contains(":replication:lab_replicator:"))
        let down = try ChildProcess.run(asUser + ["lab", "down"] + flags)
        #expect(down.status == 0, "\(down.output)")
        // The password file and the state directory were the lab's, made
        // for it, and go with it.
        #expect(!FileManager.default.fileExists(atPath: home + "/.pgpass"), "\(down.output)")
        #expect(!FileManager.default.fileExists(atPath: home + "/lab"), "\(down.output)")
    }
}
}

/// The checks run while the screen stays alive: on a standby that does not
/// replay, the write test waits, help opens over it, Esc cancels it, and
/// Enter runs the checks again once the standby replays.
extension LabTests {
@Suite("Verification on the screen while it runs", .enabled(if: Tmux.installed, Tmux.missing))
struct VerificationScreenTests {
    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func helpOpensAndEscCancelsWhileTheChecksWait() throws {
        let lab = try TestLab("ver")
        let answersPath = lab.answersPath
        let built = try ChildProcess.run([BuiltBinary.path, "run", "--answers", answersPath, "--mode", "lab"])
        #expect(built.status == 0, "\(built.output)")

        let standby = lab.sql(.secondary)
        try standby.query("SELECT pg_wal_replay_pause()")

        // The verification step alone, from a copy of the steps.
        let screens = lab.scratch
        try FileManager.default.copyItem(atPath: BuiltBinary.repositoryRoot.path + "/screens/300-verify.yaml",
                                         toPath: screens + "/300-verify.yaml")
        let session = try TmuxSession([BuiltBinary.path, "--answers", answersPath, "--screens", screens],
                                      width: 80, height: 24, environment: ["TERM": "linux", "LANG": "C.UTF-8"])
        try session.waitFor("Step 1 of 1")
        // One wizard per standby: a second is refused, naming the first.
        let second = try ChildProcess.run([BuiltBinary.path, "run", "--answers", answersPath, "--mode", "lab"])
        #expect(second.status != 0)
        #expect(second.output.contains("another standby-wizard (pid \(try session.programPid())) is working on this standby"), "\(second.output)")
        try session.press("Enter")
        // The write test waits for a row the paused standby never shows.
        let waiting = try session.waitFor("waiting for the row", limit: .seconds(20))
        #expect(waiting.contains("Esc cancels them"))
        try session.press("?")
        let help = try session.waitFor("cancel the checks")
        #expect(help.contains("Help"))
        try session.press("x")
        _ = try session.waitUntil { !$0.contains("cancel the checks") }
        try session.press("Escape")
        let cancelled = try session.waitFor("Cancelled; Enter or r runs the checks again.")
        #expect(cancelled.contains("cancelled by the operator"))
        #expect(!cancelled.contains("did not appear on the standby"), "the write test ran out its time instead")

        try standby.query("SELECT pg_wal_replay_resume()")
        try session.press("Enter")
        try session.waitFor("Passed: the standby follows the primary.", limit: .seconds(40))
        try session.press("q")
        #expect(try session.waitForExit() == 0)
    }
}
}

/// The guard before the standby's stop and set-aside, on real clusters.
extension LabTests {
@Suite("The standby's data directory is identified on a real lab")
struct StandbyGuardLabTests {
    /// The answers file with `changes` made and `removed` keys left out.
    static func rewrite(_ path: String, to newPath: String, changes: [String: String], removed: [String] = []) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            guard let colon = line.firstIndex(of: ":") else { return String(line) }
            let key = String(line[..<colon])
            if removed.contains(key) { return nil }
            return changes[key].map { "\(key): \($0)" } ?? String(line)
        }
        try lines.joined(separator: "\n").write(toFile: newPath, atomically: true, encoding: .utf8)
    }

    static func clusterStatus(_ name: String) throws -> String {
        try ChildProcess.run(["pg_lsclusters", "-h"]).output.split(separator: "\n")
            .first { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map(String.init) == name }
            .map(String.init) ?? ""
    }

    @Test(.enabled(if: getuid() == 0 && FileManager.default.fileExists(atPath: "/usr/bin/pg_createcluster")))
    func thePrimarysClusterAndAPromotedStandbyAreNeverStopped() throws {
        let lab = try TestLab("grd")
        let (answersPath, answers, values) = (lab.answersPath, lab.answers, lab.values)
        let primaryCluster = try #require(answers["PRIMARY_PG_CLUSTER"])

        // The standby's answers name the primary's own cluster (with a
        // port nothing listens on, so the form's checks let it through).
        let wrong = lab.scratch + "/wrong-standby.yaml"
        let otherPort = String((Int(answers["PRIMARY_PG_PORT"] ?? "") ?? 5432) + 1000)
        try Self.rewrite(answersPath, to: wrong, changes: ["SECONDARY_PG_CLUSTER": primaryCluster, "SECONDARY_PG_PORT": otherPort],
                         removed: [StandbyDirectoryGuard.confirmationKey])
        let refused = try ChildProcess.run([BuiltBinary.path, "run", "--answers", wrong, "--mode", "lab"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("stopped at step secondary-host"), "\(refused.output)")
        #expect(refused.output.contains("This is the primary's own cluster"))
        #expect(try Self.clusterStatus(primaryCluster).contains("online"), "the primary was stopped")

        // A standby built, then promoted: its writes may exist nowhere else.
        let built = try ChildProcess.run([BuiltBinary.path, "run", "--answers", answersPath, "--mode", "lab"])
        #expect(built.status == 0, "\(built.output)")
        let standbyCluster = try #require(answers["SECONDARY_PG_CLUSTER"])
        let version = try #require(answers["SECONDARY_PG_VERSION"])
        let promoted = try ChildProcess.run(["pg_ctlcluster", version, standbyCluster, "promote"])
        #expect(promoted.status == 0, "\(promoted.output)")
        let standby = lab.sql(.secondary)
        for _ in 0..<100 where (try? standby.query("SELECT pg_is_in_recovery()")) != "f" { Thread.sleep(forTimeInterval: 0.1) }
        let unconfirmed = lab.scratch + "/unconfirmed.yaml"
        try Self.rewrite(answersPath, to: unconfirmed, changes: [:], removed: [StandbyDirectoryGuard.confirmationKey])
        let rebuild = try ChildProcess.run([BuiltBinary.path, "run", "--answers", unconfirmed, "--mode", "rebuild", "--role", "secondary"])
        #expect(rebuild.status != 0)
        #expect(rebuild.output.contains("stopped at step secondary-stop"), "\(rebuild.output)")
        #expect(rebuild.output.contains("in production"))
        #expect(try Self.clusterStatus(standbyCluster).contains("online"), "the promoted standby was stopped")
        let data = try #require(values["SECONDARY_PG_DATA"])
        #expect(FileManager.default.fileExists(atPath: data + "/PG_VERSION"), "the promoted standby's data was moved")
    }
}
}

/// A run killed with SIGKILL in the middle of the copy, started again: it
/// resumes at the copy, sets aside what the cut-off copy left, copies
/// again and ends verified.
extension LabTests {
@Suite("Resuming a run killed during the copy")
struct KilledRunResumeTests {
    @Test(.enabled(if: getuid() == 0 && FileManager.default.fileExists(atPath: "/usr/bin/pg_createcluster")))
    func aRunKilledDuringTheCopyResumesToAVerifiedStandby() throws {
        let lab = try TestLab("kil")
        let (answersPath, answers, values) = (lab.answersPath, lab.answers, lab.values)
        let data = try #require(values["SECONDARY_PG_DATA"])
        // Enough data that the copy takes a while.
        try lab.sql(.primary)
            .query("CREATE TABLE bulk AS SELECT g, repeat('x', 400) AS pad FROM generate_series(1, 500000) g")

        let session = try TmuxSession([BuiltBinary.path, "run", "--answers", answersPath, "--mode", "lab"], width: 160, height: 50)
        try session.waitFor("pg_basebackup: starting background WAL receiver", limit: .seconds(90))
        let pid = try session.programPid()
        #expect(kill(Int32(pid) ?? 0, SIGKILL) == 0)
        let copying = { try ChildProcess.run(["pgrep", "-f", "pg_basebackup .*-D \(data) "]).status == 0 }
        let deadline = Date().addingTimeInterval(10)
        while try copying(), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(try !copying(), "pg_basebackup outlived the killed run")

        let again = try ChildProcess.run([BuiltBinary.path, "run", "--answers", answersPath, "--mode", "lab"])
        #expect(again.status == 0, "\(again.output)")
        #expect(again.output.contains("Resuming from"))
        #expect(again.output.contains("interrupted: Copy the primary"))
        #expect(again.output.contains("verification passed"))
        try ReplicationProof.check(answers, table: "resume_probe")
        // One directory set aside for the old data, one at most for the
        // cut-off copy; nothing deleted.
        let parent = (data as NSString).deletingLastPathComponent
        let name = (data as NSString).lastPathComponent
        let kept = try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix(name + ".pre-standby-") }
        #expect((1...2).contains(kept.count), "\(kept)")
    }
}
}

/// The preflight on real servers: a standby that allows fewer connections
/// than its primary would refuse to start as its standby, so the
/// walkthrough stops before it changes anything.
extension LabTests {
@Suite("Preflight on a real lab")
struct PreflightLabTests {
    @Test(.enabled(if: getuid() == 0 && FileManager.default.fileExists(atPath: "/usr/bin/pg_createcluster")))
    func aStandbyWithFewerConnectionsStopsItBeforeAnythingChanges() throws {
        let lab = try TestLab("pre")
        let (answersPath, answers, values) = (lab.answersPath, lab.answers, lab.values)
        try lab.sql(.secondary).query("ALTER SYSTEM SET max_connections = 20")
        let version = try #require(answers["SECONDARY_PG_VERSION"])
        let restarted = try ChildProcess.run(["pg_ctlcluster", version, try #require(answers["SECONDARY_PG_CLUSTER"]), "restart"])
        #expect(restarted.status == 0, "\(restarted.output)")

        let run = try ChildProcess.run([BuiltBinary.path, "run", "--answers", answersPath, "--mode", "lab"])
        #expect(run.status != 0)
        #expect(run.output.contains("stopped at step preflight"), "\(run.output)")
        #expect(run.output.contains("[diagnosis: standby-settings"))
        #expect(run.output.contains("max_connections = 20 (primary: 100)"))
        let configuration = try #require(values["PRIMARY_PG_CONF_DIR"])
        let edited = try FileManager.default.contentsOfDirectory(atPath: configuration).filter { $0.contains(".standby-wizard.") }
        #expect(edited.isEmpty, "the primary was changed: \(edited)")
    }
}
}

/// The same on the screen: a wizard killed during the copy, opened again,
/// shows what the journal says, goes on at the copy and ends verified.
extension LabTests {
@Suite("Resuming the screen after a kill")
struct KilledScreenResumeTests {
    @Test(.enabled(if: getuid() == 0 && FileManager.default.fileExists(atPath: "/usr/bin/pg_createcluster")))
    func aWizardKilledDuringTheCopyGoesOnWhereItWas() throws {
        let lab = try TestLab("kis")
        try lab.sql(.primary).query("CREATE TABLE bulk AS SELECT g, repeat('x', 400) AS pad FROM generate_series(1, 500000) g")
        let open = [BuiltBinary.path, "lab", "open"] + lab.flags
        let environment = ["TERM": "linux", "LANG": "C.UTF-8"]
        let first = try TmuxSession(open, width: 80, height: 24, environment: environment)
        try first.waitFor("Step 1 of")
        let (copying, visited) = try LabWalk.walk(first) { $0.contains("Copy the primary") && $0.contains("Ctrl-C interrupt") }
        #expect(copying.contains("Ctrl-C interrupt"), "never saw the copy run; visited \(visited)")
        #expect(kill(Int32(try first.programPid()) ?? 0, SIGKILL) == 0)
        let data = try #require(lab.values["SECONDARY_PG_DATA"])
        let deadline = Date().addingTimeInterval(10)
        while try ChildProcess.run(["pgrep", "-f", "pg_basebackup .*-D \(data) "]).status == 0, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
        }

        let again = try TmuxSession(open, width: 80, height: 24, environment: environment)
        let resumed = try again.waitFor("Resuming from")
        #expect(resumed.contains("Copy the primary"), "\(resumed)")
        let (screen, steps) = try LabWalk.walk(again) { $0.contains("Passed: the standby follows the primary.") }
        #expect(screen.contains("Passed: the standby follows the primary."), "stopped at:\n\(screen)\nvisited: \(steps)")
        try ReplicationProof.check(lab.answers, table: "screen_resume_probe")
        try again.press("F10")
        try again.waitFor("Quit standby-wizard?")
        try again.press("y")
        #expect(try again.waitForExit() == 0)
    }
}
}

/// A standby that fell behind past the WAL its primary kept cannot catch
/// up by itself; `rebuild` copies it afresh and it replicates again.
extension LabTests {
@Suite("Rebuilding a standby that fell behind")
struct FellBehindRebuildTests {
    @Test(.enabled(if: getuid() == 0 && FileManager.default.fileExists(atPath: "/usr/bin/pg_createcluster")))
    func aStandbyPastTheKeptWALIsRebuiltAndReplicates() throws {
        let lab = try TestLab("fel")
        let built = try ChildProcess.run([BuiltBinary.path, "run", "--answers", lab.answersPath, "--mode", "lab"])
        #expect(built.status == 0, "\(built.output)")
        let version = try #require(lab.answers["SECONDARY_PG_VERSION"])
        let standbyCluster = try #require(lab.answers["SECONDARY_PG_CLUSTER"])
        #expect(try ChildProcess.run(["pg_ctlcluster", version, standbyCluster, "stop"]).status == 0)

        // The primary writes on and keeps nothing for the standby.
        let primary = lab.sql(.primary)
        try primary.query("ALTER SYSTEM SET wal_keep_size = 0")
        try primary.query("SELECT pg_reload_conf()")
        try primary.query("CREATE TABLE churn (pad text)")
        for _ in 0..<6 {
            try primary.query("INSERT INTO churn SELECT repeat('y', 1000) FROM generate_series(1, 20000)")
            try primary.query("SELECT pg_switch_wal()")
            try primary.query("CHECKPOINT")
        }
        #expect(try ChildProcess.run(["pg_ctlcluster", version, standbyCluster, "start"]).status == 0)
        let log = try #require(lab.values["SECONDARY_PG_LOG"])
        var fellBehind = false
        for _ in 0..<100 where !fellBehind {
            fellBehind = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("has already been removed")
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(fellBehind, "the standby did not fall behind; its log: \(log)")

        let rebuilt = try ChildProcess.run([BuiltBinary.path, "run", "--answers", lab.answersPath, "--mode", "rebuild", "--role", "secondary"])
        #expect(rebuilt.status == 0, "\(rebuilt.output)")
        #expect(rebuilt.output.contains("verification passed"))
        try ReplicationProof.check(lab.answers, table: "rebuilt_after_falling_behind")
    }

    /// A tablespace whose location is in use where the standby's copy
    /// would write it stops the walkthrough before anything changes.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.fileExists(atPath: "/usr/bin/pg_createcluster")))
    func aTablespaceLocationInUseStopsThePreflight() throws {
        let lab = try TestLab("tbs")
        let location = lab.scratch + "/fast-disk"
        try FileManager.default.createDirectory(atPath: location, withIntermediateDirectories: true)
        #expect(try ChildProcess.run(["chown", "postgres", location]).status == 0)
        try lab.sql(.primary).query("CREATE TABLESPACE fast LOCATION '\(location)'")
        defer { _ = try? lab.sql(.primary).query("DROP TABLESPACE fast") }
        // On one machine both see the same path: the primary's own files
        // are there, which a copy would collide with.
        let run = try ChildProcess.run([BuiltBinary.path, "run", "--answers", lab.answersPath, "--mode", "lab"])
        #expect(run.status != 0)
        #expect(run.output.contains("stopped at step preflight"), "\(run.output)")
        #expect(run.output.contains("[diagnosis: tablespaces"))
        #expect(run.output.contains("tablespace fast into \(location)"))
    }
}
}
