import Foundation

/// psql's unaligned rows split into fields; empty fields stay.
enum SQLRows {
    static func fields(_ row: Substring) -> [String] {
        row.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
    }

    static func fields(_ row: String) -> [String] {
        fields(row[...])
    }

    static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map(fields)
    }
}

/// One row of pg_stat_replication as `ReplicationSQL.standbysQuery` reads
/// it: where a standby is, as its primary sees it.
public struct StandbyOnPrimary: Sendable, Equatable, Codable {
    public var pid: String
    public var applicationName: String
    public var client: String
    public var state: String
    public var sent: String
    public var written: String
    public var flushed: String
    public var replayed: String
    /// How far the replayed position is behind the primary's, in bytes.
    public var lagBytes: Int64?
    /// write_lag, flush_lag, replay_lag in seconds (10 on; nil when NULL:
    /// the standby is idle and caught up, or the version has none).
    public var writeLag: Double?
    public var flushLag: Double?
    public var replayLag: Double?

    init?(fields: [String]) {
        guard fields.count == 12 else { return nil }
        pid = fields[0]
        applicationName = fields[1]
        client = fields[2]
        state = fields[3]
        (sent, written, flushed, replayed) = (fields[4], fields[5], fields[6], fields[7])
        lagBytes = Int64(fields[8])
        (writeLag, flushLag, replayLag) = (Double(fields[9]), Double(fields[10]), Double(fields[11]))
    }

    public var name: String { (applicationName.isEmpty ? "?" : applicationName) + " from " + client }

    /// The positions in one line: where each stage has got to.
    public var positionsLine: String {
        "sent \(or(sent)), written \(or(written)), flushed \(or(flushed)), replayed \(or(replayed))"
    }

    /// The lag in bytes and, where the version measures it, in time.
    public var lagLine: String {
        let bytes = lagBytes.map { "\(Verification.bytes($0)) behind the primary's position" } ?? "bytes behind: unknown (nothing replayed yet)"
        return bytes
    }

    public func lagTimesLine(measured: Bool) -> String {
        guard measured else { return "lag in time: not measured before PostgreSQL 10" }
        let seconds: (Double?) -> String = { $0.map { String(format: "%.3f s", $0) } ?? "none" }
        return "write_lag \(seconds(writeLag)), flush_lag \(seconds(flushLag)), replay_lag \(seconds(replayLag))"
            + (writeLag == nil && flushLag == nil && replayLag == nil ? " (NULL: idle and caught up)" : "")
    }

    private func or(_ position: String) -> String { position.isEmpty ? "-" : position }
}

/// A physical slot's row from `ReplicationSQL.slotQuery`.
public struct SlotState: Sendable, Equatable, Codable {
    public var name: String
    public var active: Bool
    public var activePID: String
    public var restartPosition: String
    /// WAL the slot holds back on the primary, in bytes.
    public var heldBytes: Int64?
    /// 13 on: reserved, extended, unreserved or lost.
    public var walStatus: String?
    /// 13 on: bytes that may still be written before the slot loses WAL;
    /// nil when unlimited (max_slot_wal_keep_size = -1) or unknown.
    public var safeWALSize: Int64?

    init?(name: String, fields: [String]) {
        guard fields.count == 6 else { return nil }
        self.name = name
        active = fields[0] == "t"
        activePID = fields[1]
        restartPosition = fields[2]
        heldBytes = Int64(fields[3])
        walStatus = fields[4].isEmpty ? nil : fields[4]
        safeWALSize = Int64(fields[5])
    }

    /// The slot can no longer give the standby what it needs (lost), or
    /// will not once the next checkpoint runs (unreserved).
    public var losesWAL: Bool { walStatus == "lost" || walStatus == "unreserved" }

    public var line: String {
        var text = "slot \(name): \(active ? "active" : "INACTIVE")"
        if !restartPosition.isEmpty { text += ", restart_lsn \(restartPosition)" }
        if let heldBytes { text += ", holds \(Verification.size(heldBytes)) of WAL" }
        if let walStatus {
            text += ", wal_status \(walStatus)"
            text += ", safe_wal_size " + (safeWALSize.map { Verification.size($0) } ?? "unlimited")
        }
        return text
    }
}

/// What a standby says of itself, from `ReplicationSQL.standbyPositionsQuery`.
public struct StandbyPositions: Sendable, Equatable, Codable {
    public var received: String
    public var replayed: String
    /// Received but not yet replayed.
    public var unreplayedBytes: Int64?
    public var replayPaused: Bool
    /// Seconds since the last replayed transaction committed on the
    /// primary; nil before the first.
    public var sinceLastReplay: Double?
    public var serverTime: String

    init?(fields: [String]) {
        guard fields.count == 6 else { return nil }
        received = fields[0]
        replayed = fields[1]
        unreplayedBytes = Int64(fields[2])
        replayPaused = fields[3] == "t"
        sinceLastReplay = Double(fields[4])
        serverTime = fields[5]
    }

    /// Everything received is replayed: an idle primary then means an old
    /// last transaction, not a lag.
    public var caughtUp: Bool { unreplayedBytes == 0 }

    /// The lag in time as the standby alone can tell it: none while caught
    /// up, else the age of the last replayed transaction.
    public var lagSeconds: Double? { caughtUp ? 0 : sinceLastReplay }

    public var line: String {
        "received \(received.isEmpty ? "-" : received), replayed \(replayed.isEmpty ? "-" : replayed)"
            + (unreplayedBytes.map { ", \(Verification.bytes($0)) not yet replayed" } ?? "")
            + (replayPaused ? ", replay PAUSED" : "")
    }

    public var lastReplayLine: String {
        "last replayed transaction: " + (sinceLastReplay.map { String(format: "%.1f s ago", $0) } ?? "none yet")
            + (caughtUp ? " (caught up)" : "") + " at \(serverTime)"
    }
}

extension Verification {
    /// The primary's standbys, as pg_stat_replication lists them.
    func standbysOnPrimary(_ sql: ReplicationSQL) throws -> [StandbyOnPrimary] {
        SQLRows.rows(try primary.query(sql.standbysQuery)).compactMap(StandbyOnPrimary.init(fields:))
    }

    /// The slot the walkthrough named for this standby, when it exists.
    func slot(_ sql: ReplicationSQL) throws -> SlotState? {
        guard let name = values["REPLICATION_SLOT"], !name.isEmpty else { return nil }
        return SQLRows.rows(try primary.query(sql.slotQuery(name))).first.flatMap { SlotState(name: name, fields: $0) }
    }

    /// Which of the primary's standbys is the one the answers built: the
    /// one using its slot; else the one connected from the standby's
    /// address (and with its application_name, when the standby's
    /// primary_conninfo sets one). Another standby never stands in for it:
    /// only when the address is a host name, which pg_stat_replication
    /// cannot show, does a single sender with the right name count.
    func ours(_ standbys: [StandbyOnPrimary], slot: SlotState?, applicationName: String? = nil) -> StandbyOnPrimary? {
        if let pid = slot?.activePID, !pid.isEmpty, let found = standbys.first(where: { $0.pid == pid }) { return found }
        let named = applicationName.map { name in standbys.filter { $0.applicationName == name } } ?? standbys
        guard let answered = values["SECONDARY_PG_IP"], case .success(let address) = HostAddress.parse(answered) else {
            return named.count == 1 ? named.first : nil
        }
        switch address {
        case .ipv4, .ipv6:
            return named.first { found in
                guard case .success(let client) = HostAddress.parse(found.client) else { return false }
                return Self.sameHost(client, address)
            }
        case .hostName:
            return named.count == 1 ? named.first : nil
        }
    }

    /// An IPv4 client over an IPv6 socket shows as ::ffff:a.b.c.d.
    static func sameHost(_ a: HostAddress, _ b: HostAddress) -> Bool {
        func plain(_ x: HostAddress) -> HostAddress {
            if case .ipv6(let text) = x, text.hasPrefix("::ffff:"), !text.dropFirst(7).contains(":") {
                return .ipv4(String(text.dropFirst(7)))
            }
            return x
        }
        return plain(a) == plain(b)
    }

    /// The application_name the standby's primary_conninfo gives, from 12
    /// on where it is a setting the superuser can read; nil when none is
    /// set or it cannot be read (then the address alone decides).
    func standbyApplicationName() -> String? {
        guard let major = try? ReplicationSQL.of(standby).major, major >= PostgresMajor(12),
              let conninfo = try? standby.query("SELECT current_setting('primary_conninfo')"),
              let pairs = Conninfo.parse(conninfo) else { return nil }
        return pairs.last { $0.key == "application_name" }.map(\.value).flatMap { $0.isEmpty ? nil : $0 }
    }

    func standbyPositions(_ sql: ReplicationSQL) throws -> StandbyPositions? {
        StandbyPositions(fields: SQLRows.fields(try standby.query(sql.standbyPositionsQuery)))
    }
}
