import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// The standby's max_connections and the like brought up to the running
/// primary's by the hot-standby step: planned per version over memory
/// files, and on real servers a standby with lower values of its own
/// streams after the step's edit.
@Suite("The standby's limits raised to the primary's", .serialized)
struct StandbyLimitsTests {
    static let now = Date(timeIntervalSince1970: 1_768_478_400)

    static func step() throws -> ScreenDefinition {
        try #require(ScreenLoader.load(directory: TestPaths.screens).screens.first { $0.id == "secondary-hot-standby" })
    }

    static let higher = ["PRIMARY_MAX_CONNECTIONS": "150", "PRIMARY_MAX_WORKER_PROCESSES": "8",
                         "PRIMARY_MAX_PREPARED_TRANSACTIONS": "5", "PRIMARY_MAX_LOCKS_PER_TRANSACTION": "128",
                         "PRIMARY_MAX_WAL_SENDERS": "20"]

    func plan(version: String, conf: String, limits: [String: String]) throws -> StepEditPlan {
        let answers = EditPlannerTests.answers(version: version, cluster: "main")
        let host = MemoryHost(role: .secondary, files: ["/etc/postgresql/\(version)/main/postgresql.conf": conf],
                              directories: ["/var/lib/postgresql/\(version)/main"])
        return try EditPlanner.plan(try Self.step(), answers: answers, host: host, now: Self.now,
                                    options: EditOptions(primaryLimits: limits))
    }

    @Test(arguments: ["9.5", "11", "12", "18"])
    func lowerValuesAreRaisedHigherKept(version: String) throws {
        let conf = "max_connections = 100\nmax_locks_per_transaction = 256\nmax_wal_senders = 10\n"
        let plan = try plan(version: version, conf: conf, limits: Self.higher)
        let text = try #require(plan.changes.first?.proposed)
        #expect(text.contains("max_connections = 150\n"))
        #expect(text.contains("max_locks_per_transaction = 256\n"), "a higher value stays")
        #expect(text.contains("max_prepared_transactions = 5\n"), "no line: added")
        #expect(!text.contains("max_worker_processes"), "the built-in 8 is the primary's already")
        // Only from 12 does the standby compare max_wal_senders.
        #expect(text.contains("max_wal_senders = 20\n") == (version != "9.5" && version != "11"), "\(text)")
        #expect(plan.details.contains { $0.hasPrefix("max_connections: 100 -> 150") })
        #expect(plan.needsRestart.contains("max_connections"))
    }

    @Test func aPrimaryThatCannotBeAskedLeavesThemWithANote() throws {
        let plan = try plan(version: "16", conf: "max_connections = 100\n", limits: [:])
        #expect(plan.changes.first?.proposed?.contains("max_connections = 100\n") ?? true)
        #expect(plan.notes.contains { $0.contains("could not be read from here") && $0.contains("max_wal_senders") })
    }

    @Test func sendersOnAMinimalStandbyBringTheWALLevelAlong() throws {
        let plan = try plan(version: "16", conf: "wal_level = minimal\nmax_wal_senders = 0\n", limits: Self.higher)
        let text = try #require(plan.changes.first?.proposed)
        #expect(text.contains("wal_level = replica\n") && text.contains("max_wal_senders = 20\n"), "\(text)")
    }

    /// A primary with more connections, locks and prepared transactions
    /// than the standby's own file allows: the limits read from it, the
    /// step's edit applied to the standby's real file, and the standby
    /// starts, streams and replays without pausing.
    @Test(Needs.postgreSQL) func aRealStandbyWithLowerValuesStreamsAfterTheEdit() throws {
        let primary = try TestCluster(name: "limits-p", settings: [
            "max_connections": "150", "max_locks_per_transaction": "128", "max_prepared_transactions": "5"])
        try primary.writeHba("local all all trust\nlocal replication all trust\nhost replication all 127.0.0.1/32 trust\n")
        try primary.start()
        let standby = try TestCluster(name: "limits-s")
        try standby.becomeStandby(of: primary, conninfo: "host=127.0.0.1 port=\(primary.port) user=postgres")
        // The standby's own lower values, as a Debian standby's own file has.
        try standby.append("max_connections = 100\nmax_locks_per_transaction = 64\nmax_prepared_transactions = 0\n",
                           to: standby.configFile)

        let machine = ThisMachine()
        let values = ["PRIMARY_PG_PORT": "\(primary.port)", "PRIMARY_PG_DATA": primary.dataDirectory,
                      "PRIMARY_PG_CONF_DIR": primary.dataDirectory]
        let limits = try StandbyLimits.read(primary: ClusterSQL(role: .primary, values: values, hosts: machine))
        #expect(limits["PRIMARY_MAX_CONNECTIONS"] == "150" && limits["PRIMARY_MAX_LOCKS_PER_TRANSACTION"] == "128"
                && limits["PRIMARY_MAX_PREPARED_TRANSACTIONS"] == "5", "\(limits)")

        let version = "\(primary.majorVersion)"
        let answers = Answers(["SECONDARY_PG_VERSION": version, "SECONDARY_PG_CLUSTER": standby.dataDirectory,
                               "SECONDARY_PG_PORT": "\(standby.port)", "SECONDARY_PG_IP": "127.0.0.1",
                               "PRIMARY_PG_VERSION": version, "PRIMARY_PG_IP": "127.0.0.1", "PRIMARY_PG_PORT": "\(primary.port)"])
        let host = machine.host(for: .secondary)
        let plan = try EditPlanner.plan(try Self.step(), answers: answers, host: host, now: Self.now,
                                        options: EditOptions(primaryLimits: limits))
        #expect(plan.details.contains { $0.hasPrefix("max_connections: 100 -> 150") }, "\(plan.report())")
        #expect(plan.details.contains { $0.hasPrefix("max_locks_per_transaction: 64 -> 128") }, "\(plan.report())")
        #expect(plan.details.contains { $0.hasPrefix("max_prepared_transactions: 0 -> 5") }, "\(plan.report())")
        _ = try EditApplier.apply(plan, on: host, at: Self.now)

        try standby.start()
        let end = Date().addingTimeInterval(30)
        var streaming = ""
        while Date() < end {
            streaming = try primary.psql("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")
            if streaming == "1" { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(streaming == "1")
        #expect(try standby.psql("SHOW max_connections") == "150")
        #expect(try standby.psql("SELECT pg_is_in_recovery()") == "t")
        #expect(try standby.psql("SELECT pg_get_wal_replay_pause_state()") == "not paused")
    }
}
