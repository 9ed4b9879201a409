import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// kill -9 at every step of a real lab walkthrough, each time while the
/// step is under way (the wizard stops itself there, see
/// `InterruptionPoint`), then started again: it resumes, and the
/// walkthrough ends verified with nothing done twice.
extension LabTests {
@Suite("kill -9 at every step")
struct KillEveryStepTests {
    /// The steps that start or change something, in walkthrough order.
    static func steps(_ lab: TestLab) -> [String] {
        let walkthrough = Walkthrough(screens: ScreenLoader.load(sources: BuiltInScreens.files).screens)
        let installed = FileManager.default.isExecutableFile(atPath: (lab.values["SECONDARY_PG_BINDIR"] ?? "") + "/postgres")
        return walkthrough.visibleSteps(in: WalkthroughState(mode: .lab, answers: lab.answers)).filter { step in
            switch step.action {
            case .command(let action):
                // The lab's server is installed: its install step ends on
                // the wizard's own check and starts nothing to kill.
                !(action.guardedBy == .standbyServerAbsent && installed)
            case .edit, .gate, .verify: true
            case .info, .form: false
            }
        }.map(\.id)
    }

    static func stopAt(_ step: String, _ pidFile: String) -> [String: String] {
        [InterruptionPoint.variable: "\(step):\(pidFile)"]
    }

    /// Waits for the stopped wizard's PID, kills it and waits until it and
    /// the commands it ran are gone.
    static func killWhenStopped(pidFile: String, exited: () -> Bool, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Bool {
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: pidFile) {
            if exited() || Date() > deadline { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let text = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(Int32(text), sourceLocation: sourceLocation)
        #expect(kill(pid, SIGKILL) == 0, sourceLocation: sourceLocation)
        try FileManager.default.removeItem(atPath: pidFile)
        // Its commands die with it (PR_SET_PDEATHSIG).
        let gone = Date().addingTimeInterval(10)
        while Date() < gone, try ChildProcess.run(["pgrep", "-P", "\(pid)"]).status == 0 || kill(pid, 0) == 0 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(try ChildProcess.run(["pgrep", "-P", "\(pid)"]).status != 0, "children of \(pid) outlived it", sourceLocation: sourceLocation)
        return true
    }

    /// The end state after all the kills: verified, every setting and rule
    /// once, every backup the journal names on disk, and no more than one
    /// full data directory set aside.
    static func expectCleanEnd(_ lab: TestLab, table: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        try ReplicationProof.check(lab.answers, table: table, sourceLocation: sourceLocation)
        let settings = ["listen_addresses", "wal_level", "archive_mode", "archive_command", "max_wal_senders", "wal_keep_size",
                        "hot_standby", "primary_conninfo"]
        for role in [HostRole.primary, .secondary] {
            let conf = try #require(HostAnswers(role, values: lab.values).configFiles.first, sourceLocation: sourceLocation)
            let lines = try String(contentsOfFile: conf, encoding: .utf8).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            for name in settings {
                let active = lines.filter { $0.hasPrefix(name) && $0.dropFirst(name.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") }
                #expect(active.count <= 1, "\(conf): \(name) set \(active.count) times: \(active)", sourceLocation: sourceLocation)
            }
        }
        let hba = try #require(lab.values["PRIMARY_PG_CONF_DIR"], sourceLocation: sourceLocation) + "/pg_hba.conf"
        let user = try #require(lab.answers["REP_USER"], sourceLocation: sourceLocation)
        let rules = try String(contentsOfFile: hba, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") && $0.contains("replication") && $0.contains(user) }
        #expect(rules.count == 1, "\(rules)", sourceLocation: sourceLocation)
        let passwords = (try? String(contentsOfFile: "/var/lib/postgresql/.pgpass", encoding: .utf8)) ?? ""
        let entries = passwords.split(separator: "\n").filter { $0.contains(":replication:\(user):") && $0.contains(":\(lab.answers["PRIMARY_PG_PORT"] ?? ""):") }
        #expect(entries.count == 1, "\(entries.count) password file entries for the lab", sourceLocation: sourceLocation)

        // A kill between an edit's write and the journal's save leaves a
        // backup the journal does not name: it must be on disk all the
        // same, beside each file the walkthrough edits.
        let journal = BuiltBinary.journals + "/" + (try #require(Journal.key(for: lab.answers), sourceLocation: sourceLocation)) + ".json"
        let state = try JSONDecoder().decode(WalkthroughState.self, from: Data(contentsOf: URL(fileURLWithPath: journal)))
        for backup in state.records.values.flatMap(\.backups) {
            #expect(FileManager.default.fileExists(atPath: backup), "backup \(backup) is gone", sourceLocation: sourceLocation)
        }
        for role in [HostRole.primary, .secondary] {
            let conf = try #require(HostAnswers(role, values: lab.values).configFiles.first, sourceLocation: sourceLocation)
            let directory = (conf as NSString).deletingLastPathComponent
            let backups = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("postgresql.conf.standby-wizard.") }
            #expect(!backups.isEmpty, "no backup of \(conf)", sourceLocation: sourceLocation)
        }
        let hbaBackups = try FileManager.default.contentsOfDirectory(atPath: (hba as NSString).deletingLastPathComponent).filter { $0.hasPrefix("pg_hba.conf.standby-wizard.") }
        #expect(!hbaBackups.isEmpty, "no backup of \(hba)", sourceLocation: sourceLocation)

        let data = try #require(lab.values["SECONDARY_PG_DATA"], sourceLocation: sourceLocation)
        let parent = (data as NSString).deletingLastPathComponent
        let name = (data as NSString).lastPathComponent
        let kept = try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix(name + ".pre-standby-") }
        let whole = kept.filter { FileManager.default.fileExists(atPath: parent + "/" + $0 + "/global/pg_control") && !FileManager.default.fileExists(atPath: parent + "/" + $0 + "/backup_label") }
        #expect((1...2).contains(kept.count), "set aside: \(kept)", sourceLocation: sourceLocation)
        #expect(whole.count == 1, "whole data directories set aside: \(whole) of \(kept)", sourceLocation: sourceLocation)
    }

    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func anUnattendedRunKilledAtEveryStepEndsVerified() throws {
        let lab = try TestLab("k9r")
        let pidFile = lab.scratch + "/stopped.pid"
        let steps = Self.steps(lab)
        #expect(steps.count >= 15, "\(steps)")
        var outputs: [String] = []
        for step in steps {
            let log = lab.scratch + "/run-\(step).log"
            // Subprocess reaps with waitpid on its own thread; the test
            // waits on a flag, never on a process object.
            let finished = Flag()
            let environment = ProcessInfo.processInfo.environment.merging(Self.stopAt(step, pidFile)) { $1 }
            let argv = ["/bin/sh", "-c", "exec \"$0\" run --answers \"$1\" --mode lab > \"$2\" 2>&1", BuiltBinary.path, lab.answersPath, log]
            let runner = Thread {
                _ = try? ChildProcess.run(argv, environment: environment)
                finished.set()
            }
            runner.start()
            let killed = try Self.killWhenStopped(pidFile: pidFile, exited: { finished.isSet })
            let deadline = Date().addingTimeInterval(30)
            while !finished.isSet && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            outputs.append(output)
            #expect(killed, "the run never reached \(step):\n\(output)")
            guard killed else { break }
            if step != steps.first {
                #expect(output.contains("Resuming from"), "\(step): did not resume:\n\(output)")
            }
        }
        let last = try ChildProcess.run([BuiltBinary.path, "run", "--answers", lab.answersPath, "--mode", "lab"])
        #expect(last.status == 0, "\(last.output)")
        #expect(last.output.contains("verification passed"), "\(last.output)")
        try Self.expectCleanEnd(lab, table: "kill_every_run")
    }

    @Test(.enabled(if: LabTests.debianRoot && Tmux.installed, "needs root, Debian's pg_createcluster and tmux"))
    func theScreenKilledAtEveryStepEndsVerified() throws {
        let lab = try TestLab("k9s")
        let pidFile = lab.scratch + "/stopped.pid"
        let steps = Self.steps(lab)
        let open = [BuiltBinary.path, "lab", "open"] + lab.flags
        for step in steps {
            let session = try TmuxSession(open, width: 80, height: 24,
                                          environment: ["TERM": "linux", "LANG": "C.UTF-8"].merging(Self.stopAt(step, pidFile)) { $1 })
            try session.waitFor("Step ")
            var exited = false
            let (screen, visited) = try LabWalk.walk(session, limit: 150) { screen in
                exited = screen.contains("[exit ") || screen.contains("Pane is dead")
                return FileManager.default.fileExists(atPath: pidFile) || exited
            }
            let killed = try Self.killWhenStopped(pidFile: pidFile, exited: { exited })
            #expect(killed, "the screen never reached \(step); at:\n\(screen)\nvisited \(visited)")
            guard killed else { break }
        }
        let again = try TmuxSession(open, width: 80, height: 24, environment: ["TERM": "linux", "LANG": "C.UTF-8"])
        try again.waitFor("Resuming from")
        let (screen, steps2) = try LabWalk.walk(again) { $0.contains("Passed: the standby follows the primary.") }
        #expect(screen.contains("Passed: the standby follows the primary."), "stopped at:\n\(screen)\nvisited: \(steps2)")
        try again.press("F10")
        try again.waitFor("Quit standby-wizard?")
        try again.press("y")
        #expect(try again.waitForExit() == 0)
        try Self.expectCleanEnd(lab, table: "kill_every_screen")
    }
}
}
