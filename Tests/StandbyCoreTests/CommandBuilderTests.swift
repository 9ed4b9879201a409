import Foundation
import StandbyCore
import Testing

@Suite("Command plans: user switch, passwords, service control")
struct CommandBuilderTests {
    static let root = HostFacts(isRoot: true, userName: "root", runuserPath: "/usr/sbin/runuser", suPath: "/usr/bin/su")
    static let admin = HostFacts(isRoot: false, userName: "alice", sudoPath: "/usr/bin/sudo", systemdRunning: true,
                                 pgCtlClusterPath: "/usr/bin/pg_ctlcluster")

    func plan(_ line: String, _ runAs: RunAs, facts: HostFacts, values: [String: String] = [:],
              password: String? = nil) throws -> CommandPlan {
        try CommandBuilder(facts: facts).plan(CommandAction(spec: .shell(line), runAs: runAs), host: .primary,
                                              values: values, password: password)
    }

    @Test func rootUsesRunuserAndAnAdminUsesSudo() throws {
        let asRoot = try plan("id -un", .postgres, facts: Self.root)
        #expect(asRoot.shownCommand == "runuser -u postgres -- id -un")
        #expect(asRoot.argv == ["/usr/sbin/runuser", "-u", "postgres", "--", "/bin/sh", "-c", "id -un"])
        let asAdmin = try plan("id -un", .postgres, facts: Self.admin)
        #expect(asAdmin.shownCommand == "sudo -u postgres id -un")
        #expect(asAdmin.argv == ["/usr/bin/sudo", "-u", "postgres", "--", "/bin/sh", "-c", "id -un"])
        let noRunuser = HostFacts(isRoot: true, userName: "root", suPath: "/usr/bin/su")
        #expect(try plan("id -un", .postgres, facts: noRunuser).argv == ["/usr/bin/su", "-s", "/bin/sh", "-c", "id -un", "postgres"])
        #expect(try plan("id -un", .root, facts: Self.root).shownCommand == "id -un")
        #expect(try plan("id -un", .postgres, facts: HostFacts(isRoot: false, userName: "bob")).argv == nil)
    }

    @Test func valuesAreShellQuoted() throws {
        let p = try plan("mkdir -p $REP_ARCHIVE", .root, facts: Self.root, values: ["REP_ARCHIVE": "/srv/it's here"])
        #expect(p.commandLine == #"mkdir -p '/srv/it'\''s here'"#)
        #expect(throws: CommandBuilder.Problem.missingValues(["REP_ARCHIVE"])) {
            try plan("mkdir -p $REP_ARCHIVE", .root, facts: Self.root)
        }
    }

    @Test func createuserGetsThePasswordThroughItsPromptsOnly() throws {
        let p = try plan("createuser -P $REP_USER", .postgres, facts: Self.root, values: ["REP_USER": "rep"], password: "pw")
        #expect(p.prompts.map(\.response) == ["pw", "pw"])
        #expect(p.secrets == ["pw"])
        #expect(p.passwordFile == nil && p.environment["PGPASSWORD"] == nil)
    }

    @Test func basebackupGetsAPasswordFileAsRootAndUnderSudo() throws {
        let line = "pg_basebackup -h $PRIMARY_PG_IP -U $REP_USER -D /tmp/x"
        let values = ["PRIMARY_PG_IP": "10.0.0.1", "REP_USER": "rep:x"]
        let asRoot = try plan(line, .postgres, facts: Self.root, values: values, password: #"p:w\d"#)
        #expect(asRoot.passwordFile?.line == #"*:*:*:rep\:x:p\:w\\d"#)
        #expect(asRoot.passwordFile?.madeByTheCommand == false)
        #expect(asRoot.argv == ["/usr/sbin/runuser", "-u", "postgres", "--", "/bin/sh", "-c", asRoot.commandLine])
        #expect(asRoot.environment["PGPASSWORD"] == nil)

        // Under sudo the command's shell makes the file from the line the
        // wizard types at its prompt; nothing goes through the environment.
        let asAdmin = try plan(line, .postgres, facts: Self.admin, values: values, password: "pw-x")
        let file = try #require(asAdmin.passwordFile)
        #expect(file.madeByTheCommand && file.line == #"*:*:*:rep\:x:pw-x"#)
        #expect(!asAdmin.environment.keys.contains("PGPASSWORD"))
        #expect(asAdmin.environment == CommandBuilder.defaultEnvironment())
        #expect(asAdmin.prompts.first.map(\.response) == file.line)
        #expect(asAdmin.secrets == ["pw-x"])
        let argv = try #require(asAdmin.argv)
        #expect(Array(argv.prefix(6)) == ["/usr/bin/sudo", "-u", "postgres", "--", "/bin/sh", "-c"])
        #expect(argv.count == 7 && argv[6].hasSuffix("\n" + asAdmin.commandLine))
        #expect(argv[6].contains("mktemp -d /tmp/standby-wizard-pgpass-\(getpid())-XXXXXX"))
        #expect(!argv.contains { $0.contains("pw-x") || $0.contains("preserve-env") })
        #expect(asAdmin.shownCommand == "sudo -u postgres " + asAdmin.commandLine)
        // An edited line keeps the handoff in front of it.
        let edited = asAdmin.editing(commandLine: "pg_basebackup -U rep -D /tmp/y")
        #expect(edited.argv?.last?.hasSuffix("\npg_basebackup -U rep -D /tmp/y") == true)
        #expect(edited.argv?.last?.contains("PGPASSFILE") == true)
        // Commands that do not log in as the replication role get nothing.
        let other = try plan("mkdir -p /x", .root, facts: Self.root, password: "pw")
        #expect(other.secrets.isEmpty && other.passwordFile == nil && other.prompts.isEmpty)
    }

    @Test func serviceControlFollowsTheHost() throws {
        let debian = try #require(ServiceControl(version: PostgresMajor(16), cluster: "main", facts: Self.admin))
        #expect(debian.argv(.restart) == ["systemctl", "restart", "postgresql@16-main"])
        let noSystemd = HostFacts(isRoot: true, userName: "root", runuserPath: "/usr/sbin/runuser",
                                  pgCtlClusterPath: "/usr/bin/pg_ctlcluster")
        let cluster = try #require(ServiceControl(version: PostgresMajor(16), cluster: "main", facts: noSystemd))
        #expect(cluster.argv(.stop) == ["pg_ctlcluster", "16", "main", "stop"])
        #expect(cluster.explanation.contains("pg_ctlcluster"))
        let datadir = try #require(ServiceControl(version: PostgresMajor(13), cluster: "/srv/pg data", facts: noSystemd))
        #expect(datadir.method == .pgCtl && datadir.runAs == .postgres)
        #expect(datadir.argv(.start) == ["/usr/pgsql-13/bin/pg_ctl", "-D", "/srv/pg data", "-w", "-t", "120", "start"])
        let forced = try #require(ServiceControl(version: PostgresMajor(16), cluster: "main", facts: noSystemd, override: .pgCtl))
        #expect(forced.argv(.start) == ["/usr/lib/postgresql/16/bin/pg_ctl", "-D", "/etc/postgresql/16/main",
                                         "-l", "/var/log/postgresql/postgresql-16-main.log", "-w", "-t", "120", "start"])
        #expect(forced.explanation.contains("chosen by you"))

        let step = try CommandBuilder(facts: noSystemd).plan(CommandAction(spec: .service(.reload)), host: .secondary,
            values: ["SECONDARY_PG_VERSION": "13", "SECONDARY_PG_CLUSTER": "/srv/pg data"], password: nil)
        #expect(step.shownCommand == "runuser -u postgres -- /usr/pgsql-13/bin/pg_ctl -D '/srv/pg data' reload")
    }
}
