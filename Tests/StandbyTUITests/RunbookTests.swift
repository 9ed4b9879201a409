import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// A journal becomes a bash script that does the walkthrough again; here
/// in memory, on the lab in `RunbookLabTests`.
@Suite("Runbook from a journal")
struct RunbookTests {
    static func finished(_ answers: [String: String] = MemoryLab.answers) -> (WalkthroughState, MemoryHosts) {
        let hosts = MemoryLab.hosts()
        let run = UnattendedRun(walkthrough: EngineFrontEndsTests.walkthrough,
                                state: WalkthroughState(mode: .full, answers: Answers(answers)), hosts: hosts, transcript: nil) { _ in }
        let (outcome, engine) = run.run(executor: run.makeExecutor())
        #expect(outcome == .verified)
        return (engine.state, hosts)
    }

    static func script(_ state: WalkthroughState, hosts: MemoryHosts) -> String {
        Runbook(state: state, walkthrough: EngineFrontEndsTests.walkthrough, hosts: hosts, source: "/journals/memory.json")
            .script(now: Date(timeIntervalSince1970: 1_764_583_200))
    }

    /// What a runbook needs survives the journal: the state as saved and
    /// read back gives the same script.
    @Test func theJournalHoldsWhatTheScriptNeeds() throws {
        let (state, hosts) = Self.finished()
        let saved = try JSONDecoder().decode(WalkthroughState.self, from: JSONEncoder().encode(state))
        #expect(Self.script(saved, hosts: hosts) == Self.script(state, hosts: hosts))
        let role = try #require(state.records["primary-role"]?.run)
        #expect(role.password == .createuserPrompts)
        #expect(role.runAs == "postgres")
        #expect(state.records["secondary-base-backup"]?.run?.password == .passwordFile)
        let settings = try #require(state.records["primary-settings"]?.edits)
        #expect(settings.contains(RecordedEdit(kind: .setting, path: MemoryLab.conf, name: "wal_level", value: "replica")))
        let hba = try #require(state.records["primary-hba"]?.edits)
        #expect(hba.map(\.kind) == [.hbaRule])
        #expect(hba.first?.value?.contains("replication") == true)
        let recovery = try #require(state.records["secondary-recovery-conf"]?.edits ?? state.records["secondary-standby-signal"]?.edits)
        #expect(recovery.contains { $0.kind == .passwordEntry && $0.name == "192.0.2.10:5432:replication:replicator" }, "\(recovery)")
        #expect(recovery.contains { $0.kind == .emptyFile && $0.path.hasSuffix("/standby.signal") }, "\(recovery)")
    }

    @Test func theScriptIsBashAndHoldsNoPassword() throws {
        let (state, hosts) = Self.finished()
        let script = Self.script(state, hosts: hosts)
        let password = try #require(MemoryLab.answers["REP_USER_PW"])
        #expect(!script.contains(password))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-\(UUID().uuidString).sh").path
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let syntax = try ChildProcess.run(["bash", "-n", file])
        #expect(syntax.status == 0, "\(syntax.output)")
        // Every step in order, each command as it ran, with its refusals.
        let order = ["Step 7: Create the role (primary)", "with_password_prompts postgres", "add_hba_rule /etc/postgresql/15/main/pg_hba.conf",
                     "set_setting /etc/postgresql/15/main/postgresql.conf wal_level 'wal_level = replica'",
                     "guard_standby_directory /var/lib/postgresql/15/main main", "require_empty /var/lib/postgresql/15/main",
                     "with_password_file postgres '/usr/lib/postgresql/15/bin/pg_basebackup -h 192.0.2.10",
                     "make_file /var/lib/postgresql/15/main/standby.signal", "pg_stat_wal_receiver", "runbook: every step done"]
        var rest = Substring(script)
        for piece in order {
            guard let found = rest.range(of: piece) else { Issue.record("missing, or out of order: \(piece)"); continue }
            rest = rest[found.upperBound...]
        }
    }

    /// A walkthrough cut off half way gives a runbook that ends there and
    /// says so.
    @Test func aCutOffWalkthroughEndsWhereItStopped() throws {
        var (state, hosts) = Self.finished()
        for id in ["secondary-start", "secondary-streaming", "verify", "verify-standby", "next-steps"] { state.statuses[id] = .pending }
        let runbook = Runbook(state: state, walkthrough: EngineFrontEndsTests.walkthrough, hosts: hosts, source: "j")
        #expect(runbook.unfinished == "Start the standby")
        let script = runbook.script()
        #expect(script.contains("runbook: ends before \"Start the standby\""))
        #expect(!script.contains("pg_ctlcluster 15 main start"))
    }

    @Test func passwordFileKeysKeepTheirEscapes() {
        #expect(RecordedEdit.passwordEntryKey(#"db\:1:5432:replication:rep:secret:with:colons"#) == #"db\:1:5432:replication:rep"#)
        #expect(RecordedEdit.passwordEntryKey("no fields") == nil)
    }
}
