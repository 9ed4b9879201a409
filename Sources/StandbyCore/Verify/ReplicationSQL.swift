import Foundation

/// The SQL about WAL positions, written once per naming era: 9.5 and 9.6
/// say "xlog" and "location" where 10 on says "wal" and "lsn" (the old
/// functions are gone from 10), and only 10 on measures lag in time, only
/// 13 on tells how safe a slot's WAL is. Every check that reads positions
/// takes its SQL from here, so the version boundaries live in one file.
public struct ReplicationSQL: Sendable, Equatable {
    public let major: PostgresMajor

    public init(major: PostgresMajor) { self.major = major }

    /// From `SHOW server_version_num`; an unreadable answer means the
    /// newest names, which every supported server from 10 on understands.
    public init(serverVersionNum: String) {
        major = PostgresMajor(serverVersionNum: Int(serverVersionNum) ?? 0) ?? PostgresMajor(18)
    }

    /// The major `cluster` runs.
    public static func of(_ cluster: ClusterSQL) throws -> ReplicationSQL {
        ReplicationSQL(serverVersionNum: try cluster.serverVersionNum())
    }

    var walNames: Bool { major >= PostgresMajor(10) }
    /// write_lag, flush_lag, replay_lag in pg_stat_replication.
    public var hasLagTimes: Bool { major >= PostgresMajor(10) }
    /// wal_status and safe_wal_size in pg_replication_slots.
    public var hasSlotWALStatus: Bool { major >= PostgresMajor(13) }
    /// The pg_stat_wal_receiver view.
    public var hasWALReceiverView: Bool { major >= PostgresMajor(9, 6) }

    // MARK: - Positions

    /// On the primary: how far WAL has been written.
    public var currentPosition: String { walNames ? "pg_current_wal_lsn()" : "pg_current_xlog_location()" }
    /// On a standby: how far WAL has been received by streaming.
    public var receivePosition: String { walNames ? "pg_last_wal_receive_lsn()" : "pg_last_xlog_receive_location()" }
    /// On a standby: how far WAL has been replayed.
    public var replayPosition: String { walNames ? "pg_last_wal_replay_lsn()" : "pg_last_xlog_replay_location()" }
    /// On a standby: whether replay was paused by hand.
    public var replayPaused: String { walNames ? "pg_is_wal_replay_paused()" : "pg_is_xlog_replay_paused()" }

    /// Bytes from `older` to `newer` (both SQL expressions of positions).
    public func bytes(from older: String, to newer: String) -> String {
        walNames ? "pg_wal_lsn_diff(\(newer), \(older))" : "pg_xlog_location_diff(\(newer), \(older))"
    }

    /// The primary's position now: one row, one value.
    public var currentPositionQuery: String { "SELECT \(currentPosition)" }

    /// On a standby: t once replay has reached `position` (a literal the
    /// primary gave), f before, and f while nothing was replayed yet.
    public func replayedPast(_ position: String) -> String {
        "SELECT coalesce(\(bytes(from: "'\(position)'", to: replayPosition)) >= 0, false)"
    }

    /// On a standby, one row: received position, replayed position, bytes
    /// received but not yet replayed, replay paused (t/f), seconds since the
    /// last replayed transaction (empty before the first), the server's
    /// clock. Empty fields where the standby has no answer yet.
    public var standbyPositionsQuery: String {
        let received = receivePosition, replayed = replayPosition
        return """
            SELECT coalesce(\(received)::text, ''), coalesce(\(replayed)::text, ''), \
            coalesce(\(bytes(from: replayed, to: received))::bigint::text, ''), \(replayPaused), \
            coalesce(round(extract(epoch FROM now() - pg_last_xact_replay_timestamp())::numeric, 1)::text, ''), \
            to_char(now(), 'YYYY-MM-DD HH24:MI:SS TZ')
            """
    }

    /// On a standby: the WAL receiver's state, or "not running". 9.5 has no
    /// view of it: there, a received position means streaming once began.
    public var walReceiverStatusQuery: String {
        hasWALReceiverView
            ? "SELECT coalesce((SELECT status FROM pg_stat_wal_receiver), 'not running')"
            : "SELECT CASE WHEN \(receivePosition) IS NULL THEN 'not running' ELSE 'streaming' END"
    }

    // MARK: - The primary's view of its standbys

    /// On the primary, one row per WAL sender: pid, application_name, the
    /// client's address, state, sent / written / flushed / replayed
    /// positions, bytes the replayed position is behind the primary's, and
    /// (10 on) write_lag / flush_lag / replay_lag in seconds; empty where
    /// NULL (a lag time is NULL once the standby is idle and caught up).
    public var standbysQuery: String {
        let (sent, write, flush, replay) = walNames
            ? ("sent_lsn", "write_lsn", "flush_lsn", "replay_lsn")
            : ("sent_location", "write_location", "flush_location", "replay_location")
        let seconds: (String) -> String = { column in
            "coalesce(round(extract(epoch FROM \(column))::numeric, 3)::text, '')"
        }
        let lagTimes = hasLagTimes
            ? [seconds("write_lag"), seconds("flush_lag"), seconds("replay_lag")].joined(separator: ", ")
            : "'', '', ''"
        return """
            SELECT pid, coalesce(application_name, ''), coalesce(host(client_addr), 'local socket'), coalesce(state, ''), \
            coalesce(\(sent)::text, ''), coalesce(\(write)::text, ''), coalesce(\(flush)::text, ''), coalesce(\(replay)::text, ''), \
            coalesce(\(bytes(from: replay, to: currentPosition))::bigint::text, ''), \(lagTimes) \
            FROM pg_stat_replication ORDER BY pid
            """
    }

    /// On the primary, the slot's row: active, the pid using it, restart
    /// position, bytes of WAL it holds, and (13 on) wal_status and
    /// safe_wal_size; empty fields where NULL or unknown to the version.
    public func slotQuery(_ name: String) -> String {
        let status = hasSlotWALStatus ? "coalesce(wal_status, ''), coalesce(safe_wal_size::text, '')" : "'', ''"
        return """
            SELECT active, coalesce(active_pid::text, ''), coalesce(restart_lsn::text, ''), \
            coalesce(\(bytes(from: "restart_lsn", to: currentPosition))::bigint::text, ''), \(status) \
            FROM pg_replication_slots WHERE slot_name = '\(name.replacingOccurrences(of: "'", with: "''"))'
            """
    }

    /// The setting that keeps a fixed reserve of WAL for standbys.
    public var walKeepSetting: String {
        VersionFacts.facts(for: major)?.walKeepSetting ?? (major >= PostgresMajor(13) ? "wal_keep_size" : "wal_keep_segments")
    }

    /// On the primary: the reserve as the server shows it (with its unit),
    /// and max_slot_wal_keep_size from 13 on (empty before).
    public var walReserveQuery: String {
        let cap = hasSlotWALStatus ? "current_setting('max_slot_wal_keep_size')" : "''"
        return "SELECT current_setting('\(walKeepSetting)'), \(cap), current_setting('archive_mode')"
    }
}
