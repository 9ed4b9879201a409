import Foundation

/// How far behind the standby is, in numbers, and what keeps the WAL it
/// still needs on the primary: the two things to watch every day after.
extension Verification {
    /// What the primary tells about one standby of the answers.
    struct LagReading {
        var sql: ReplicationSQL
        var standbys: [StandbyOnPrimary]
        var mine: StandbyOnPrimary?
        var slot: SlotState?
        /// The reserve setting's value, max_slot_wal_keep_size (13 on, else
        /// empty) and archive_mode.
        var reserve: (keep: String, slotCap: String, archiveMode: String)
        /// The walkthrough chose a slot, so its absence is a fault.
        var slotExpected: Bool

        /// What keeps WAL for the standby, in a line or two.
        var keptLines: [String] {
            var lines: [String] = []
            if let slot {
                lines.append(slot.line)
                if !sql.hasSlotWALStatus {
                    lines.append("before PostgreSQL 13 a slot keeps WAL without limit: a standby that stays away fills the primary's disk")
                } else if reserve.slotCap == "-1" {
                    lines.append("max_slot_wal_keep_size = -1: the slot keeps WAL without limit")
                } else {
                    lines.append("max_slot_wal_keep_size = \(reserve.slotCap)")
                }
            } else if slotExpected, let name = slotName {
                lines.append("slot \(name) does NOT exist on the primary")
            } else {
                lines.append("no slot; \(sql.walKeepSetting) = \(reserve.keep) keeps a reserve of WAL for the standby")
            }
            lines.append("archive_mode = \(reserve.archiveMode)" + (reserve.archiveMode == "off" ? ": no archive to fall back on" : ": the archive keeps what the primary removes"))
            return lines
        }

        var slotName: String?
    }

    func readLag() throws -> LagReading {
        let sql = try ReplicationSQL.of(primary)
        let standbys = try standbysOnPrimary(sql)
        let slot = try slot(sql)
        let reserve = SQLRows.fields(try primary.query(sql.walReserveQuery))
        return LagReading(sql: sql, standbys: standbys, mine: ours(standbys, slot: slot), slot: slot,
                          reserve: (reserve[safe: 0] ?? "?", reserve[safe: 1] ?? "", reserve[safe: 2] ?? "?"),
                          slotExpected: values["WAL_RETENTION"] == "slot", slotName: values["REPLICATION_SLOT"])
    }

    func lag() throws -> Result {
        let reading = try readLag()
        guard let mine = reading.mine else {
            let listed = reading.standbys.map(\.name).joined(separator: ", ")
            return Result(check: .lag, passed: false,
                          detail: [reading.standbys.isEmpty ? "no standby is connected to the primary: its lag cannot be measured"
                                   : "none of the primary's WAL senders (\(listed)) is the standby at \(values["SECONDARY_PG_IP"] ?? "?")"]
                            + reading.keptLines)
        }
        var detail = ["\(mine.name) is \(mine.lagBytes.map { "\(Verification.bytes($0))" } ?? "an unknown amount") behind the primary",
                      mine.positionsLine,
                      mine.lagTimesLine(measured: reading.sql.hasLagTimes)]
        detail += reading.keptLines
        var passed = mine.state == "streaming"
        if !passed { detail.insert("the standby is \(mine.state), not streaming", at: 0) }
        if reading.slot?.losesWAL == true || (reading.slotExpected && reading.slot == nil) { passed = false }
        return Result(check: .lag, passed: passed, detail: detail)
    }
}
