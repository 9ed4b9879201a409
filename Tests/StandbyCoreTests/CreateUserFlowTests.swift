import Foundation
import StandbyCore
import TestSupport
import Testing

/// The replication role step of screens/, run against a real server: the
/// password goes in through createuser's prompts and nowhere else.
@Suite("createuser answers its password prompts through the terminal", .serialized, Needs.postgreSQL)
struct CreateUserFlowTests {
    static let password = "Rq8-pw'with:odd\\chars"

    // runuser to postgres, and reading every process's environment, need root.
    @Test(.enabled(if: getuid() == 0, "needs root: runs createuser as postgres and reads every process's environment"))
    func roleIsCreatedAndThePasswordNeverLeaks() throws {
        let cluster = try TestCluster(name: "createuser", settings: ["log_statement": "'all'"])
        // Password logins over TCP for the check below; first match wins.
        let hba = cluster.dataDirectory + "/pg_hba.conf"
        let rules = try String(contentsOfFile: hba, encoding: .utf8)
        try ("host all replicator 127.0.0.1/32 scram-sha-256\n" + rules).write(toFile: hba, atomically: false, encoding: .utf8)
        try cluster.start()

        let screens = ScreenLoader.load(sources: BuiltInScreens.files).screens
        let step = try #require(screens.first { $0.id == "primary-role" })
        var environment = CommandBuilder.defaultEnvironment()
        environment["PGHOST"] = cluster.socketDirectory
        let values = ["PRIMARY_PG_BINDIR": cluster.binDirectory, "PRIMARY_PG_PORT": "\(cluster.port)", "REP_USER": "replicator"]
        let plan = try CommandBuilder(facts: CommandHarness.facts, environment: environment)
            .plan(for: step, values: values, password: Self.password)
        #expect(plan.shownCommand.hasPrefix("runuser -u postgres -- "))
        #expect(!(plan.argv ?? []).joined(separator: " ").contains(Self.password))

        let directory = try TemporaryDirectory()
        let transcript = try Transcript(directory: directory.path)
        let sampler = SecretSampler(secret: Self.password)
        sampler.start()
        let run = try CommandHarness.run(plan, transcript: transcript, timeout: 60)
        let sampled = sampler.stop()

        #expect(run.exit == .exited(0), "\(run.buffer.lines)")
        #expect(try cluster.psql("SELECT rolreplication, rolconnlimit FROM pg_roles WHERE rolname = 'replicator'") == "t|5")
        #expect(sampled.passes > 5, "the process list was sampled only \(sampled.passes) times")
        #expect(sampled.environmentsRead > sampled.passes, "environments were not readable")
        #expect(sampled.leaks.isEmpty, "password seen: \(sampled.leaks)")
        let transcriptText = try String(contentsOfFile: transcript.path, encoding: .utf8)
        #expect(transcriptText.contains("Enter password for new role:"))
        #expect(!transcriptText.contains(Self.password))
        let permissions = try FileManager.default.attributesOfItem(atPath: transcript.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(!(try String(contentsOfFile: cluster.logFile, encoding: .utf8)).contains(Self.password))
        #expect(!run.buffer.lines.joined().contains(Self.password))

        let good = try login(cluster, password: Self.password)
        #expect(good.status == 0 && good.output == "replicator\n", "\(good.output)")
        #expect(try login(cluster, password: "wrong").status != 0)

        // A second time, the wizard's own check finds the role first:
        // createuser does not run, and the role keeps its password.
        let guardValues = values.merging(["PRIMARY_PG_DATA": cluster.dataDirectory, "PRIMARY_PG_CONF_DIR": cluster.dataDirectory]) { $1 }
        #expect(PrerequisiteGuard.replicationRole(values: guardValues, hosts: ThisMachine())
                == .alreadyDone(["role replicator exists already on the primary: left as it is, its password too"]))
        #expect(PrerequisiteGuard.replicationRole(values: guardValues.merging(["REP_USER": "someone_else"]) { $1 }, hosts: ThisMachine())
                == .clear(["no role someone_else on the primary yet: createuser makes it"]))
        #expect(try login(cluster, password: Self.password).status == 0)
        // The command shown is the procedure's, with no check folded in.
        #expect(plan.shownCommand.hasSuffix("createuser -p \(cluster.port) -U postgres --replication -c 5 -P replicator"))
    }

    /// psql over TCP with the password in its environment only.
    func login(_ cluster: TestCluster, password: String) throws -> ChildProcess.Result {
        try ChildProcess.run(["/usr/bin/psql", "-X", "-A", "-t", "-h", "127.0.0.1", "-p", "\(cluster.port)",
                              "-U", "replicator", "-d", "postgres", "-c", "SELECT current_user"],
                             environment: ["PATH": "/usr/bin:/bin", "PGPASSWORD": password, "PGCONNECT_TIMEOUT": "10"])
    }
}
