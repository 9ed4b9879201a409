import Foundation

/// The source procedure's own proof, made to prove it: the same query on
/// both servers, the standby asked only once it has replayed past the WAL
/// position the primary had when it answered, and a pass only when both
/// answers are identical. A standby serving stale or partial data fails.
extension Verification {
    /// What is compared, in order of preference: MAAS's nodes, the rows
    /// the write test left, the catalogue (databases and the cluster's
    /// identity, which a copy shares with its primary).
    struct SourceQuery: Equatable {
        var database: String
        var sql: String
        /// Said above the rows.
        var what: String

        static let maas = SourceQuery(database: "maasdb",
                                      sql: "SELECT hostname, status, power_state FROM maasserver_node ORDER BY 1, 2, 3",
                                      what: "maasdb: SELECT hostname, status, power_state FROM maasserver_node ORDER BY 1, 2, 3")
        static let writeTestRows = SourceQuery(database: "postgres",
                                               sql: "SELECT id, token, written_at FROM standby_wizard_check ORDER BY id DESC",
                                               what: "the write test's rows: SELECT id, token, written_at FROM standby_wizard_check ORDER BY id DESC")

        /// The databases (not their sizes, which a standby's files need not
        /// match byte for byte) and, from 9.6 on, the system identifier.
        static func catalogue(_ sql: ReplicationSQL) -> SourceQuery {
            let identity = sql.major >= PostgresMajor(9, 6)
                ? "SELECT 'system identifier ' || system_identifier FROM pg_control_system() UNION ALL "
                : ""
            let text = identity + "(SELECT 'database ' || datname FROM pg_database WHERE datallowconn ORDER BY datname)"
            return SourceQuery(database: "postgres", sql: text, what: "the catalogue: the system identifier and the databases")
        }
    }

    /// A source query that could not be compared because the standby lags:
    /// a lag, not a wrong answer.
    public static let notReplayedID = "source-query-not-replayed"

    /// How many rows of each answer are shown.
    static let shownRows = 5

    func sourceQuery(_ control: CheckControl) throws -> Result {
        guard primary.reachable else { return try sourceQueryOnStandbyAlone(control) }
        let sql = try ReplicationSQL.of(primary)
        let query = try chooseSourceQuery(sql, on: primary)
        if query == .maas, try standby.query("SELECT count(*) FROM pg_database WHERE datname = 'maasdb'") != "1" {
            return Result(check: .sourceQuery, passed: false,
                          detail: ["maasdb exists on the primary but not on the standby: the standby is not a copy of this primary"])
        }
        let started = Date()
        let deadline = started.addingTimeInterval(replicationWait)
        var attempt = 0
        while true {
            attempt += 1
            let onPrimary = try primary.query(query.sql, database: query.database)
            // Taken after the answer: every change the answer saw is before it.
            let position = try primary.query(sql.currentPositionQuery)
            let askedAt = Date()
            control.report(CheckControl.Progress(waitingFor: "the standby to replay past the primary's WAL position \(position)",
                                                 deadline: deadline))
            guard try waitForReplay(past: position, sql: sql, until: deadline, control: control) else {
                let replayed = (try? standby.query("SELECT coalesce(\(sql.replayPosition)::text, 'nothing')")) ?? "?"
                return Result(check: .sourceQuery, passed: false,
                              detail: ["the standby did not replay past the primary's WAL position \(position) within \(Int(replicationWait)) s (it replayed up to \(replayed)), so its answer could not be compared",
                                       query.what] + Self.shown(onPrimary, on: "the primary", note: "at WAL position \(position)"),
                              failureID: Self.notReplayedID)
            }
            let waited = Date().timeIntervalSince(askedAt)
            let onStandby = try standby.query(query.sql, database: query.database)
            if onStandby == onPrimary {
                let count = Self.lines(onPrimary).count
                return Result(check: .sourceQuery, passed: true,
                              detail: ["the same \(count) row\(count == 1 ? "" : "s") on both servers: \(query.what)",
                                       "the primary answered at WAL position \(position); the standby replayed past it \(String(format: "%.1f", waited)) s later and answered the same"]
                                + Self.shown(onPrimary, on: "both", note: nil))
            }
            // The primary may have changed between the two answers; the
            // comparison counts only when it stood still.
            let now = try primary.query(query.sql, database: query.database)
            if now != onPrimary, Date() < deadline {
                control.pause(0.2)
                continue
            }
            return Result(check: .sourceQuery, passed: false,
                          detail: ["the answers DIFFER: the standby, replayed past the primary's WAL position \(position), does not show what the primary showed (\(attempt) attempt\(attempt == 1 ? "" : "s"))",
                                   query.what]
                            + Self.shown(onPrimary, on: "the primary", note: "at \(position)")
                            + Self.shown(onStandby, on: "the standby", note: nil)
                            + Self.firstDifference(onPrimary, onStandby))
        }
    }

    /// Waits until the standby has replayed past `position`.
    func waitForReplay(past position: String, sql: ReplicationSQL, until deadline: Date, control: CheckControl) throws -> Bool {
        var polls = 0
        while true {
            if control.isCancelled { throw Cancelled() }
            if (try? standby.query(sql.replayedPast(position))) == "t" { return true }
            if Date() >= deadline { return false }
            control.pause(CheckControl.pollInterval(after: polls, cap: 0.1))
            polls += 1
        }
    }

    func chooseSourceQuery(_ sql: ReplicationSQL, on cluster: ClusterSQL) throws -> SourceQuery {
        if try cluster.query("SELECT count(*) FROM pg_database WHERE datname = 'maasdb'") == "1" { return .maas }
        if try cluster.query("SELECT to_regclass('standby_wizard_check') IS NOT NULL") == "t" { return .writeTestRows }
        return .catalogue(sql)
    }

    /// The standby's part alone (`--role secondary`): the primary's
    /// databases are out of reach, but its replication port is not. Over
    /// the replication connection the standby itself uses, IDENTIFY_SYSTEM
    /// gives the primary's system identifier and WAL position: the
    /// standby's identifier must be the same, and its replay must pass
    /// that position. The standby's own answer to the source query is
    /// shown beside it, with the command that asks the primary the same.
    private func sourceQueryOnStandbyAlone(_ control: CheckControl) throws -> Result {
        let sql = try ReplicationSQL.of(standby)
        let query = try chooseSourceQuery(sql, on: standby)
        let conninfo = Self.replicationConninfo(values)
        let identified: String
        do {
            identified = try standby.replicationCommand("IDENTIFY_SYSTEM", conninfo: conninfo)
        } catch {
            return Result(check: .sourceQuery, passed: false,
                          detail: ["the primary could not be asked over the replication connection (\(conninfo)): \(error)",
                                   "the standby's OS user needs the password in ~/.pgpass, as its WAL receiver does"])
        }
        let fields = SQLRows.fields(identified)
        guard fields.count >= 3 else {
            return Result(check: .sourceQuery, passed: false, detail: ["IDENTIFY_SYSTEM answered something unexpected: \(identified)"])
        }
        let (primaryID, timeline, position) = (fields[0], fields[1], fields[2])
        var detail = ["the primary (IDENTIFY_SYSTEM over \(conninfo)): system identifier \(primaryID), timeline \(timeline), WAL position \(position)"]
        if sql.major >= PostgresMajor(9, 6) {
            let ownID = try standby.query("SELECT system_identifier FROM pg_control_system()")
            guard ownID == primaryID else {
                return Result(check: .sourceQuery, passed: false,
                              detail: detail + ["the standby's system identifier is \(ownID): it is NOT a copy of this primary"])
            }
            detail.append("the standby's system identifier is the same: \(ownID)")
        } else {
            detail.append("PostgreSQL 9.5 does not show its system identifier in SQL: only the positions are compared")
        }
        let asked = Date()
        let deadline = asked.addingTimeInterval(replicationWait)
        control.report(CheckControl.Progress(waitingFor: "the standby to replay past the primary's WAL position \(position)", deadline: deadline))
        guard try waitForReplay(past: position, sql: sql, until: deadline, control: control) else {
            let replayed = (try? standby.query("SELECT coalesce(\(sql.replayPosition)::text, 'nothing')")) ?? "?"
            return Result(check: .sourceQuery, passed: false,
                          detail: ["the standby did not replay past the primary's WAL position \(position) within \(Int(replicationWait)) s (it replayed up to \(replayed))"] + detail,
                          failureID: Self.notReplayedID)
        }
        let waited = Date().timeIntervalSince(asked)
        let answer = try standby.query(query.sql, database: query.database)
        return Result(check: .sourceQuery, passed: true,
                      detail: ["the standby is a copy of the primary and replayed past its WAL position \(position) \(String(format: "%.1f", waited)) s after it was asked"]
                        + detail
                        + ["then, on the standby: \(query.what)"]
                        + Self.shown(answer, on: "the standby", note: nil)
                        + ["the same on the primary, to compare by hand: psql -d \(query.database) -c \"\(query.sql)\""])
    }

    /// How the standby reaches the primary for replication, as the answers
    /// say; the password stays in the password file.
    static func replicationConninfo(_ values: [String: String]) -> String {
        let host = values["PRIMARY_PG_IP"] ?? "?"
        return "host=\(host) port=\(values["PRIMARY_PG_PORT"] ?? "5432") user=\(values["REP_USER"] ?? "replicator") dbname=replication replication=true connect_timeout=10"
    }

    static func lines(_ answer: String) -> [String] {
        answer.isEmpty ? [] : answer.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The count and the first rows of an answer.
    static func shown(_ answer: String, on server: String, note: String?) -> [String] {
        let rows = lines(answer)
        var shown = ["\(server): \(rows.count) row\(rows.count == 1 ? "" : "s")" + (note.map { ", \($0)" } ?? "") + (rows.isEmpty ? "" : ":")]
        shown += rows.prefix(shownRows).map { "  " + $0 }
        if rows.count > shownRows { shown.append("  ... and \(rows.count - shownRows) more") }
        return shown
    }

    static func firstDifference(_ primary: String, _ standby: String) -> [String] {
        let (one, other) = (lines(primary), lines(standby))
        for index in 0..<max(one.count, other.count) where one[safe: index] != other[safe: index] {
            return ["first difference, row \(index + 1): primary \(one[safe: index] ?? "(none)"), standby \(other[safe: index] ?? "(none)")"]
        }
        return []
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension ClusterSQL {
    /// False for the other host of a one-host walkthrough, which this
    /// machine cannot reach.
    public var reachable: Bool { !(host is ElsewhereHost) }
}
