import Foundation
@testable import StandbyCore
import Testing

/// The SQL of the position and lag checks, per major: 9.5 and 9.6 know
/// only the xlog / location names, 10 on only the wal / lsn ones; lag
/// times from 10, a slot's wal_status and safe_wal_size from 13.
@Suite("Replication SQL per major")
struct ReplicationSQLTests {
    static let old = ["9.5", "9.6"]
    static let modern = ["10", "11", "12", "13", "14", "15", "16", "17", "18"]

    static func sql(_ major: String) -> ReplicationSQL { ReplicationSQL(major: PostgresMajor(major)!) }

    /// Everything a check may send, for one major.
    static func everything(_ sql: ReplicationSQL) -> String {
        [sql.currentPositionQuery, sql.replayedPast("0/3000148"), sql.standbyPositionsQuery, sql.walReceiverStatusQuery,
         sql.standbysQuery, sql.slotQuery("standby_1"), sql.walReserveQuery].joined(separator: "\n")
    }

    @Test(arguments: old)
    func beforeTenOnlyXlogNames(_ major: String) {
        let text = Self.everything(Self.sql(major))
        for name in ["pg_current_xlog_location()", "pg_last_xlog_replay_location()", "pg_last_xlog_receive_location()",
                     "pg_xlog_location_diff(", "pg_is_xlog_replay_paused()", "sent_location", "replay_location"] {
            #expect(text.contains(name), "\(major) lacks \(name)")
        }
        for name in ["_wal_lsn", "pg_wal_", "sent_lsn", "replay_lsn", "write_lag", "replay_lag", "wal_status", "safe_wal_size",
                     "max_slot_wal_keep_size", "wal_keep_size"] {
            #expect(!text.contains(name), "\(major) uses \(name), which it does not have")
        }
        #expect(text.contains("current_setting('wal_keep_segments')"))
    }

    @Test(arguments: modern)
    func fromTenOnlyWalNames(_ major: String) {
        let sql = Self.sql(major)
        let text = Self.everything(sql)
        for name in ["pg_current_wal_lsn()", "pg_last_wal_replay_lsn()", "pg_last_wal_receive_lsn()", "pg_wal_lsn_diff(",
                     "pg_is_wal_replay_paused()", "sent_lsn", "write_lsn", "flush_lsn", "replay_lsn",
                     "write_lag", "flush_lag", "replay_lag", "pg_stat_wal_receiver"] {
            #expect(text.contains(name), "\(major) lacks \(name)")
        }
        #expect(!text.contains("xlog"), "\(major) uses an xlog name")
        #expect(!text.contains("_location"), "\(major) uses a location column")
        let thirteen = PostgresMajor(major)! >= PostgresMajor(13)
        #expect(text.contains("wal_status") == thirteen)
        #expect(text.contains("safe_wal_size") == thirteen)
        #expect(text.contains("max_slot_wal_keep_size") == thirteen)
        #expect(text.contains("current_setting('wal_keep_size')") == thirteen)
        #expect(text.contains("current_setting('wal_keep_segments')") == !thirteen)
    }

    @Test func theWalReceiverViewFrom96() {
        #expect(!Self.sql("9.5").walReceiverStatusQuery.contains("pg_stat_wal_receiver"))
        #expect(Self.sql("9.5").walReceiverStatusQuery.contains("pg_last_xlog_receive_location() IS NULL"))
        #expect(Self.sql("9.6").walReceiverStatusQuery.contains("pg_stat_wal_receiver"))
    }

    @Test func theServerVersionPicksTheEra() {
        #expect(ReplicationSQL(serverVersionNum: "90524").major == PostgresMajor(9, 5))
        #expect(ReplicationSQL(serverVersionNum: "90624").currentPosition == "pg_current_xlog_location()")
        #expect(ReplicationSQL(serverVersionNum: "100023").currentPosition == "pg_current_wal_lsn()")
        #expect(ReplicationSQL(serverVersionNum: "150004").hasSlotWALStatus)
        #expect(!ReplicationSQL(serverVersionNum: "120020").hasSlotWALStatus)
    }

    /// The comparison reads newer minus older, so "replayed past" is >= 0.
    @Test func replayedPastComparesTheStandbysReplayWithTheGivenPosition() {
        #expect(Self.sql("15").replayedPast("0/3000148") == "SELECT coalesce(pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/3000148') >= 0, false)")
        #expect(Self.sql("9.6").replayedPast("0/3000148") == "SELECT coalesce(pg_xlog_location_diff(pg_last_xlog_replay_location(), '0/3000148') >= 0, false)")
    }

    @Test func aSlotNameIsQuotedAsALiteral() {
        #expect(Self.sql("15").slotQuery("o'k").contains("slot_name = 'o''k'"))
    }

    @Test func rowsParse() throws {
        let row = try #require(StandbyOnPrimary(fields: SQLRows.fields("77|walreceiver|127.0.0.1|streaming|0/5000060|0/5000060|0/5000060|0/5000000|96|0.001||0.004")))
        #expect(row.lagBytes == 96)
        #expect(row.writeLag == 0.001 && row.flushLag == nil && row.replayLag == 0.004)
        #expect(row.name == "walreceiver from 127.0.0.1")
        #expect(row.lagTimesLine(measured: false) == "lag in time: not measured before PostgreSQL 10")
        #expect(row.lagTimesLine(measured: true) == "write_lag 0.001 s, flush_lag none, replay_lag 0.004 s")
        let slot = try #require(SlotState(name: "s", fields: SQLRows.fields("t|77|0/5000000|1024|reserved|")))
        #expect(slot.active && slot.walStatus == "reserved" && slot.safeWALSize == nil && !slot.losesWAL)
        #expect(slot.line == "slot s: active, restart_lsn 0/5000000, holds 1.0 kB of WAL, wal_status reserved, safe_wal_size unlimited")
        let old = try #require(SlotState(name: "s", fields: SQLRows.fields("f||0/5000000|1024||")))
        #expect(old.walStatus == nil && old.line == "slot s: INACTIVE, restart_lsn 0/5000000, holds 1.0 kB of WAL")
        #expect(SlotState(name: "s", fields: SQLRows.fields("f||0/5000000|99999999|lost|"))?.losesWAL == true)
        let positions = try #require(StandbyPositions(fields: SQLRows.fields("0/6000000|0/5000000|16777216|t|12.5|2026-01-01 10:00:00 UTC")))
        #expect(positions.replayPaused && !positions.caughtUp && positions.lagSeconds == 12.5)
        let idle = try #require(StandbyPositions(fields: SQLRows.fields("0/6000000|0/6000000|0|f|3600.0|2026-01-01 10:00:00 UTC")))
        #expect(idle.caughtUp && idle.lagSeconds == 0, "an idle primary is no lag")
    }
}
