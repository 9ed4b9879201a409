import Foundation

/// The proof that the standby follows the primary, check by check, done
/// with plain SQL on both clusters: what the operator would type to be sure.
public struct Verification: Sendable {
    public struct Result: Sendable, Equatable {
        public var check: VerifyCheck
        public var passed: Bool
        /// What was seen, in a line or a few; shown under the check.
        public var detail: [String]
        /// Which entry of the failure catalogue explains a failed check,
        /// when one does; else the check's own name. Nil once it passed.
        public var failureID: String?

        public init(check: VerifyCheck, passed: Bool, detail: [String], failureID: String? = nil) {
            self.check = check
            self.passed = passed
            self.detail = detail
            self.failureID = passed ? nil : failureID ?? check.rawValue
        }
    }

    public var primary: ClusterSQL
    public var standby: ClusterSQL
    /// The template values (answers and what follows), for the checks that
    /// look at paths and planned settings.
    public var values: [String: String] = [:]
    /// How long a row written on the primary may take to appear.
    public var replicationWait: TimeInterval = 15
    /// How long a freshly closed WAL file may take to reach the archive.
    public var archiveWait: TimeInterval = 20

    public init(primary: ClusterSQL, standby: ClusterSQL) {
        self.primary = primary
        self.standby = standby
    }

    /// All the checks, on the caller's thread, with no way to cancel.
    public func run(_ checks: [VerifyCheck]) -> [Result] {
        run(checks, control: CheckControl())
    }

    func run(_ check: VerifyCheck, control: CheckControl) throws -> Result {
        switch check {
        case .inRecovery:
            let answer = try standby.query("SELECT pg_is_in_recovery()")
            return Result(check: check, passed: answer == "t",
                          detail: [answer == "t" ? "pg_is_in_recovery() is true on the standby: it replays WAL" : "pg_is_in_recovery() is false on the standby: it runs as a primary"])
        case .replicationStreaming:
            return try streaming()
        case .writeTest:
            return try writeTest(control)
        case .sourceQuery:
            return try sourceQuery(control)
        case .archiving:
            return try archiving(control)
        case .receiving:
            return try receiving()
        case .lag:
            return try lag()
        case .sameMajor, .walSenders, .standbySettings, .freeSpace, .tablespaces, .archiveWritable, .standbyPort:
            return try preflight(check)
        }
    }

    /// Every WAL sender the primary has, with its positions; the check
    /// passes only when the one of this standby (its slot, its address and
    /// application_name) streams, not any other standby.
    private func streaming() throws -> Result {
        let sql = try ReplicationSQL.of(primary)
        let standbys = try standbysOnPrimary(sql)
        guard !standbys.isEmpty else {
            return Result(check: .replicationStreaming, passed: false, detail: ["pg_stat_replication on the primary is empty: no standby is connected"])
        }
        let applicationName = standbyApplicationName()
        let mine = ours(standbys, slot: try slot(sql), applicationName: applicationName)
        var detail: [String] = []
        if mine == nil {
            let wanted = (values["SECONDARY_PG_IP"] ?? "?") + (applicationName.map { " with application_name \($0)" } ?? "")
            detail.append("none of the primary's WAL senders is this standby (from \(wanted)); the primary has:")
        }
        for found in standbys {
            detail.append("\(found.name): \(found.state)" + (found == mine && standbys.count > 1 ? " (this standby)" : ""))
            detail.append(found.positionsLine)
        }
        return Result(check: .replicationStreaming, passed: mine?.state == "streaming", detail: detail)
    }

    /// From the standby: its WAL receiver (9.6 on; on 9.5 see
    /// ReceiverOnNineFive.swift), where replay stands, and how old its last
    /// replayed transaction is.
    private func receiving() throws -> Result {
        let sql = try ReplicationSQL.of(standby)
        let status = sql.hasWALReceiverView ? try standby.query(sql.walReceiverStatusQuery) : try receiverStatusOnNineFive()
        let positions = try standbyPositions(sql)
        let evidence = positions.map { [$0.line, $0.lastReplayLine] } ?? []
        guard status == "streaming" else {
            return Result(check: .receiving, passed: false,
                          detail: ["the WAL receiver is \(status): the standby does not stream; its log says why"] + evidence)
        }
        return Result(check: .receiving, passed: true,
                      detail: ["the WAL receiver streams from the primary"] + evidence)
    }

    /// A row with a fresh token written on the primary must show on the
    /// standby; the time it took is the lag the operator sees.
    private func writeTest(_ control: CheckControl) throws -> Result {
        let token = UUID().uuidString
        let sql = try ReplicationSQL.of(primary)
        // The table and the row in one query string, one transaction, so
        // no table is left without its row; every release prints only the
        // INSERT's row (-q keeps CREATE's tag out).
        let row = try primary.query("CREATE TABLE IF NOT EXISTS standby_wizard_check (id bigserial PRIMARY KEY, token text NOT NULL, written_at timestamptz NOT NULL DEFAULT now()); "
            + "INSERT INTO standby_wizard_check (token) VALUES ('\(token)') RETURNING id, to_char(written_at, 'YYYY-MM-DD HH24:MI:SS.MS TZ')")
        let position = try primary.query(sql.currentPositionQuery)
        let fields = SQLRows.fields(row)
        let written = "row id \(fields.first ?? "?") written on the primary at \(fields.dropFirst().first ?? "?"), WAL position \(position)"
        let started = Date()
        control.report(CheckControl.Progress(waitingFor: "the row on the standby",
                                             deadline: started.addingTimeInterval(replicationWait)))
        var polls = 0
        while Date().timeIntervalSince(started) < replicationWait {
            if control.isCancelled { throw Cancelled() }
            // Until the table's creation is replayed, counting in it fails;
            // ask first rather than fail (a failed query costs a psql).
            let table = (try? standby.query("SELECT to_regclass('standby_wizard_check') IS NOT NULL")) ?? "f"
            let seen = table == "t" ? (try? standby.query("SELECT count(*) FROM standby_wizard_check WHERE token = '\(token)'")) ?? "0" : "0"
            if seen == "1" {
                let lag = Date().timeIntervalSince(started)
                let replayed = (try? standby.query("SELECT coalesce(\(sql.replayPosition)::text, '-')")) ?? "?"
                return Result(check: .writeTest, passed: true,
                              detail: [String(format: "a row written on the primary appeared on the standby after %.1f s", lag),
                                       written, "the standby had replayed up to \(replayed) when it showed the row"])
            }
            control.pause(CheckControl.pollInterval(after: polls, cap: 0.1))
            polls += 1
        }
        let replayed = (try? standby.query("SELECT coalesce(\(sql.replayPosition)::text, '-')")) ?? "?"
        return Result(check: .writeTest, passed: false,
                      detail: ["a row written on the primary did not appear on the standby within \(Int(replicationWait)) s",
                               written, "the standby has replayed up to \(replayed)"])
    }
}
