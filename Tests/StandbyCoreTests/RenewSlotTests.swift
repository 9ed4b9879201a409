import Foundation
import StandbyCore
import TestSupport
import Testing

/// Rebuild mode's "Renew the slot", its command run against a real primary
/// whose slot went past max_slot_wal_keep_size: the invalidated slot
/// (wal_status lost) is replaced by one that holds WAL again.
@Suite("Rebuild renews an invalidated slot", .serialized, Needs.postgreSQL)
struct RenewSlotTests {
    @Test(.enabled(if: getuid() == 0, "needs root: runs psql as postgres"))
    func aLostSlotIsMadeAgainAndHoldsWAL() throws {
        let primary = try TestCluster(name: "renew-slot", settings: ["max_slot_wal_keep_size": "1MB", "wal_keep_size": "0"])
        try primary.writeHba("local all all trust\nlocal replication all trust\nhost replication all 127.0.0.1/32 trust\n")
        try primary.start()
        try primary.psql("SELECT pg_create_physical_replication_slot('standby_192_0_2_20', true)")
        try primary.psql("CREATE TABLE filler (x text)")
        var status = ""
        for _ in 0..<10 where status != "lost" {
            try primary.psql("INSERT INTO filler SELECT repeat('x', 1000) FROM generate_series(1, 3000); SELECT pg_switch_wal()")
            try primary.psql("CHECKPOINT")
            status = try primary.psql("SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'standby_192_0_2_20'")
        }
        try #require(status == "lost", "the slot was not invalidated: \(status)")

        let step = try #require(ScreenLoader.load(sources: BuiltInScreens.files).screens.first { $0.id == "secondary-renew-slot" })
        let values = ["SECONDARY_PG_BINDIR": primary.binDirectory, "PRIMARY_PG_IP": "127.0.0.1",
                      "PRIMARY_PG_PORT": "\(primary.port)", "REP_USER": "postgres", "REPLICATION_SLOT": "standby_192_0_2_20"]
        let plan = try CommandBuilder(facts: CommandHarness.facts).plan(for: step, values: values, password: nil)
        let run = try CommandHarness.run(plan, timeout: 60)
        #expect(run.exit == .exited(0), "\(run.buffer.lines)")
        let row = try primary.psql("SELECT wal_status, restart_lsn IS NOT NULL FROM pg_replication_slots WHERE slot_name = 'standby_192_0_2_20'")
        #expect(row == "reserved|t", "\(run.buffer.lines)")

        // Run again over a slot in order, and over none: both end with one
        // slot that holds WAL.
        #expect(try CommandHarness.run(plan, timeout: 60).exit == .exited(0))
        try primary.psql("SELECT pg_drop_replication_slot('standby_192_0_2_20')")
        let fresh = try CommandHarness.run(plan, timeout: 60)
        #expect(fresh.exit == .exited(0), "\(fresh.buffer.lines)")
        #expect(!fresh.buffer.lines.joined().contains("does not exist"))
        #expect(try primary.psql("SELECT count(*), bool_and(wal_status = 'reserved') FROM pg_replication_slots") == "1|t")
    }
}
