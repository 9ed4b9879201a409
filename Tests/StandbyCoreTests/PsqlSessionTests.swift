import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// The checks' queries through one psql per cluster and pass, on a real
/// server: the same answers and failures as `psql -c`, one backend for a
/// pass, and no psql left once the pass is over.
@Suite("One psql session per cluster for a pass of checks", .serialized, Needs.postgreSQL)
struct PsqlSessionTests {
    func sql(_ cluster: TestCluster) -> ClusterSQL {
        ClusterSQL(role: .primary, values: ["PRIMARY_PG_PORT": "\(cluster.port)", "PRIMARY_PG_DATA": cluster.dataDirectory,
                                            "PRIMARY_PG_CONF_DIR": cluster.dataDirectory], hosts: ThisMachine())
    }

    func backends(_ cluster: TestCluster, _ pid: String) throws -> String {
        try cluster.psql("SELECT count(*) FROM pg_stat_activity WHERE pid = \(pid)")
    }

    @Test func aPassAsksOneBackendAndItsCopiesShareIt() throws {
        let cluster = try TestCluster(name: "psql-session")
        try cluster.start()
        let primary = sql(cluster)
        let first = try primary.query("SELECT pg_backend_pid()")
        let copy = primary
        #expect(try copy.query("SELECT pg_backend_pid()") == first)
        #expect(try primary.query("SELECT current_setting('application_name')") == "standby-wizard")
        // Rows, columns and quotes come back as psql -c gives them.
        #expect(try primary.query("SELECT 'a:b', 2 UNION ALL SELECT 'c''d', 3 ORDER BY 1") == "a:b|2\nc'd|3")
        #expect(try primary.query("SELECT '' WHERE false") == "")
        #expect(try primary.query("SELECT 1::text || ' row'") == "1 row")
        // A new ClusterSQL is another pass, with a psql of its own.
        #expect(try sql(cluster).query("SELECT pg_backend_pid()") != first)
    }

    @Test func aFailureReadsAsPsqlsOwnAndTheSessionGoesOn() throws {
        let cluster = try TestCluster(name: "psql-session-error")
        try cluster.start()
        let primary = sql(cluster)
        let pid = try primary.query("SELECT pg_backend_pid()")
        #expect {
            try primary.query("SELECT nope FROM pg_class")
        } throws: { error in
            "\(error)".contains("column \"nope\" does not exist")
        }
        #expect(try primary.query("SELECT pg_backend_pid()") == pid)
    }

    @Test func severalStatementsAreOneQueryAsWithMinusC() throws {
        let cluster = try TestCluster(name: "psql-session-several")
        try cluster.start()
        let primary = sql(cluster)
        let pid = try primary.query("SELECT pg_backend_pid()")
        // What psql -c prints for two statements (the last result before
        // 15, each from 15 on), from the same backend.
        let alone = try cluster.psql("SELECT 'a;b'; SELECT 2")
        #expect(try primary.query("SELECT 'a;b'; SELECT 2") == alone)
        #expect(try primary.query("SELECT pg_backend_pid()") == pid)
        // One transaction: the table goes with the failing statement.
        #expect(throws: ClusterSQL.Failure.self) {
            try primary.query("CREATE TABLE half_done (a int); SELECT 1/0")
        }
        #expect(try cluster.psql("SELECT to_regclass('half_done') IS NULL") == "t")
        #expect(try primary.query("SELECT pg_backend_pid()") == pid)
    }

    @Test func aRestartedServerIsAskedProcessByProcess() throws {
        let cluster = try TestCluster(name: "psql-session-restart")
        try cluster.start()
        let primary = sql(cluster)
        let before = try primary.query("SELECT pg_backend_pid()")
        try cluster.stop()
        try cluster.start()
        let after = try primary.query("SELECT pg_backend_pid()")
        #expect(after != before && Int(after) != nil)
    }

    @Test func thePsqlEndsWithThePass() throws {
        let cluster = try TestCluster(name: "psql-session-end")
        try cluster.start()
        var pid = ""
        do {
            let primary = sql(cluster)
            pid = try primary.query("SELECT pg_backend_pid()")
            #expect(try backends(cluster, pid) == "1")
        }
        // The backend goes once psql has read the end of its input.
        var left = "1"
        for _ in 0..<100 where left != "0" {
            left = try backends(cluster, pid)
            if left != "0" { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(left == "0")
    }

    @Test func onlyWhatPsqlReadsAsItWouldWithMinusCIsCarried() {
        #expect(PsqlSession.input(for: "SELECT pg_is_in_recovery()") == "SELECT pg_is_in_recovery()")
        let quoted = "SELECT to_char(now(), 'HH24:MI:SS'), x::text, \"a:b\" FROM t"
        #expect(PsqlSession.input(for: quoted) == quoted)
        #expect(PsqlSession.input(for: "SELECT 1; SELECT ';'") == "SELECT 1\\; SELECT ';'")
        // Inside quotes psql passes everything on (a SCRAM hash's prefix).
        let inQuotes = "SELECT rolpassword LIKE 'SCRAM-SHA-256$%', '--', '/*', ':x' FROM pg_authid"
        #expect(PsqlSession.input(for: inQuotes) == inQuotes)
        for refused in ["SELECT :x", "SELECT :'x'", "SELECT 1 \\gset", "SELECT $$a$$", "SELECT 1 -- it's", "SELECT 1 /* it's */", "SELECT 'open", "SELECT 1:"] {
            #expect(PsqlSession.input(for: refused) == nil, "\(refused)")
        }
    }
}
