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
                          detail: [answer == "t" ? "the standby is in recovery, replaying WAL" : "the standby is not in recovery: it runs as a primary"])
        case .replicationStreaming:
            let rows = try primary.query("SELECT coalesce(application_name, '?') || ' from ' || coalesce(client_addr::text, 'local socket') || ': ' || state FROM pg_stat_replication")
            let lines = rows.split(separator: "\n").map(String.init)
            return Result(check: check, passed: lines.contains { $0.hasSuffix(": streaming") },
                          detail: lines.isEmpty ? ["no standby is connected to the primary"] : lines)
        case .writeTest:
            return try writeTest(control)
        case .sourceQuery:
            return try sourceQuery()
        case .archiving:
            return try archiving(control)
        case .receiving:
            return try receiving()
        case .sameMajor, .walSenders, .standbySettings, .freeSpace, .tablespaces, .archiveWritable:
            return try preflight(check)
        }
    }

    /// From the standby: its WAL receiver (9.6 on; on 9.5 see
    /// ReceiverOnNineFive.swift), and how old its last replayed transaction is.
    private func receiving() throws -> Result {
        let version = Int(try standby.query("SHOW server_version_num")) ?? 0
        let status = version >= 90600
            ? try standby.query("SELECT coalesce((SELECT status FROM pg_stat_wal_receiver), 'not running')")
            : try receiverStatusOnNineFive()
        guard status == "streaming" else {
            return Result(check: .receiving, passed: false,
                          detail: ["the WAL receiver is \(status): the standby does not stream; its log says why"])
        }
        let age = try standby.query("SELECT coalesce(round(extract(epoch FROM now() - pg_last_xact_replay_timestamp())::numeric, 1)::text, 'none yet')")
        return Result(check: .receiving, passed: true,
                      detail: ["the WAL receiver streams from the primary; last replayed transaction: \(age == "none yet" ? age : age + " s ago")"])
    }

    /// A row with a fresh token written on the primary must show on the
    /// standby; the time it took is the lag the operator sees.
    private func writeTest(_ control: CheckControl) throws -> Result {
        let token = UUID().uuidString
        try primary.query("CREATE TABLE IF NOT EXISTS standby_wizard_check (id bigserial PRIMARY KEY, token text NOT NULL, written_at timestamptz NOT NULL DEFAULT now())")
        try primary.query("INSERT INTO standby_wizard_check (token) VALUES ('\(token)')")
        let started = Date()
        control.report(CheckControl.Progress(waitingFor: "the row on the standby",
                                             deadline: started.addingTimeInterval(replicationWait)))
        while Date().timeIntervalSince(started) < replicationWait {
            if control.isCancelled { throw Cancelled() }
            let seen = (try? standby.query("SELECT count(*) FROM standby_wizard_check WHERE token = '\(token)'")) ?? "0"
            if seen == "1" {
                let lag = Date().timeIntervalSince(started)
                return Result(check: .writeTest, passed: true,
                              detail: [String(format: "a row written on the primary appeared on the standby after %.1f s", lag)])
            }
            control.pause(0.1)
        }
        return Result(check: .writeTest, passed: false,
                      detail: ["a row written on the primary did not appear on the standby within \(Int(replicationWait)) s"])
    }

    /// The source procedure's own check: MAAS's node table when maasdb
    /// exists, else the rows the write test left, else (the standby's part
    /// alone, where no write test ran) the databases the standby holds.
    private func sourceQuery() throws -> Result {
        let hasMaas = try standby.query("SELECT count(*) FROM pg_database WHERE datname = 'maasdb'") == "1"
        let hasCheckTable = try !hasMaas && standby.query("SELECT to_regclass('standby_wizard_check') IS NOT NULL") == "t"
        let (sql, database, what): (String, String, String) =
            hasMaas ? ("SELECT hostname, status, power_state FROM maasserver_node", "maasdb",
                       "maasdb: SELECT hostname, status, power_state FROM maasserver_node")
            : hasCheckTable ? ("SELECT id, token, written_at FROM standby_wizard_check ORDER BY id DESC LIMIT 3", "postgres",
                               "the rows the write test left")
            : ("SELECT datname || ' ' || pg_size_pretty(pg_database_size(datname)) FROM pg_database WHERE NOT datistemplate ORDER BY 1",
               "postgres", "the databases it holds and their sizes")
        let lines = try standby.query(sql, database: database).split(separator: "\n").map(String.init)
        return Result(check: .sourceQuery, passed: !lines.isEmpty, detail: ["read on the standby: \(what)"] + lines.prefix(5))
    }
}
