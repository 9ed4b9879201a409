import Foundation
import Testing
import TestSupport
@testable import StandbyCore

@Suite("Plan report")
struct PlanReportTests {
    static func step(_ id: String, _ host: HostRole, _ action: StepAction) -> ScreenDefinition {
        ScreenDefinition(id: id, title: "Title \(id)", host: host, text: "", action: action, location: SourceLocation(file: "t", line: 1))
    }

    @Test func commandsEditsAndGapsAreAllShownWithThePasswordMasked() throws {
        let walkthrough = Walkthrough(screens: [
            Self.step("form", .local, .form(FormAction(fields: ["REP_USER", "REP_USER_PW", "PRIMARY_PG_PORT"]))),
            Self.step("cmd", .primary, .command(CommandAction(spec: .shell("echo $REP_USER $REP_USER_PW"), runAs: .postgres))),
            Self.step("svc", .primary, .command(CommandAction(spec: .service(.reload)))),
            Self.step("conf", .primary, .edit(EditAction(file: .postgresqlConf, settings: [ConfigSetting(name: "wal_level", value: "$WAL_LEVEL")]))),
            Self.step("hba", .primary, .edit(EditAction(file: .pgHbaConf, hbaRules: [
                HbaRuleTemplate(type: "host", database: "replication", user: "$REP_USER", address: "$SECONDARY_HBA_ADDRESS", method: "$HBA_AUTH_METHOD")]))),
            Self.step("gate", .primary, .gate(GateAction(expect: [.acceptingConnections], timeoutSeconds: 60))),
        ])
        let answers = Answers(["PRIMARY_PG_IP": "192.0.2.10", "PRIMARY_PG_VERSION": "16", "SECONDARY_PG_IP": "192.0.2.20",
                               "SECONDARY_PG_VERSION": "16", "REP_USER": "rep", "REP_USER_PW": "hunter2"])
        let host = MemoryHost(files: ["/etc/postgresql/16/main/postgresql.conf": "#wal_level = minimal\n"])
        let text = PlanReport.render(walkthrough, state: WalkthroughState(answers: answers), hosts: MemoryHosts(primary: host),
                                     now: Date(timeIntervalSince1970: 0))
        #expect(!text.contains("hunter2"))
        #expect(text.contains("[1/6] Title form (THIS HOST)\n  REP_USER = rep\n  REP_USER_PW = ********\n  PRIMARY_PG_PORT = 5432 (default)\n"))
        // The line as the runner builds it: the user switch of this machine,
        // then the command, the password masked.
        #expect(text.contains("echo rep ********\n"))
        #expect(text.contains("  reload PostgreSQL 16/main"))
        #expect(text.contains("  -#wal_level = minimal\n  +wal_level = replica\n"))
        #expect(text.contains("  cannot plan this edit: /etc/postgresql/16/main/pg_hba.conf does not exist"))
        #expect(text.contains("  watch the primary's server log for: accepting-connections (up to 60 s)"))
        #expect(host.paths == ["/etc/postgresql/16/main/postgresql.conf"])
        #expect(host.started.isEmpty, "plan ran a command")
    }
}
