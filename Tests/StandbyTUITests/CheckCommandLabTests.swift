import Foundation
import StandbyCore
import TestSupport
import Testing

/// The last step and `check` on real servers: a MAAS-shaped database
/// compared on both, the evidence in `run`'s output and the transcript,
/// then `check` on a standby that follows, one whose replay is paused
/// while the primary writes, and one that is stopped.
extension LabTests {
@Suite("Verification and check on a real lab")
struct CheckCommandLabTests {
    static func check(_ answers: String, _ extra: [String] = []) throws -> ChildProcess.Result {
        try ChildProcess.run([BuiltBinary.path, "check", "--answers", answers] + extra)
    }

    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func maasIsComparedOnBothServersAndCheckGradesWhatItSees() throws {
        let lab = try TestLab("chk")
        let (primary, standby) = (lab.sql(.primary), lab.sql(.secondary))
        try primary.query("CREATE DATABASE maasdb")
        try primary.query("""
            CREATE TABLE maasserver_node (hostname text, status int, power_state text);
            INSERT INTO maasserver_node VALUES ('node-2', 6, 'off'), ('node-1', 4, 'on')
            """, database: "maasdb")

        let run = try ChildProcess.run([BuiltBinary.path, "run", "--answers", lab.answersPath, "--mode", "lab"])
        #expect(run.status == 0, "\(run.output)")
        let out = run.output
        #expect(out.contains("[x] source-query: the same 2 rows on both servers: maasdb: SELECT hostname, status, power_state FROM maasserver_node ORDER BY 1, 2, 3"), "\(out)")
        #expect(out.contains("      the primary answered at WAL position "))
        #expect(out.contains("        node-1|4|on\n        node-2|6|off\n"), "the rows themselves are the evidence:\n\(out)")
        #expect(out.contains("[x] lag: ") && out.contains("behind the primary"))
        #expect(out.contains("write_lag "), "PostgreSQL 10 on measures lag in time")
        #expect(out.contains("archive_mode = on"))
        #expect(out.contains("[x] write-test: a row written on the primary appeared on the standby after"))
        #expect(out.contains("written on the primary at ") && out.contains(", WAL position "))
        let transcriptLine = try #require(out.split(separator: "\n").first { $0.hasPrefix("transcript: ") })
        let transcript = try String(contentsOfFile: String(transcriptLine.dropFirst("transcript: ".count)), encoding: .utf8)
        #expect(transcript.contains("verify source-query: passed\n  [x] source-query: the same 2 rows on both servers"))
        #expect(transcript.contains("        node-2|6|off"), "the transcript keeps the rows as the screen shows them")

        // Every day after: a standby that follows is OK, and the rows
        // compared are the ones just changed on the primary.
        try primary.query("UPDATE maasserver_node SET power_state = 'off' WHERE hostname = 'node-1'", database: "maasdb")
        let ok = try Self.check(lab.answersPath)
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.hasPrefix("standby-wizard check: OK (primary and standby"), "\(ok.output)")
        #expect(ok.output.contains("  node-1|4|off"), "\(ok.output)")
        for name in ["primary", "streaming", "lag", "wal-kept", "archiving", "disk-primary", "standby", "receiver", "replay", "disk-standby", "source-query"] {
            #expect(ok.output.contains("[OK]        \(name): "), "\(name) missing:\n\(ok.output)")
        }
        #expect(try primary.query("SELECT count(*) FROM pg_class WHERE relname = 'standby_wizard_check'") == "1")
        let rowsBefore = try primary.query("SELECT count(*) FROM standby_wizard_check")

        let json = try Self.check(lab.answersPath, ["--format", "json"])
        #expect(json.status == 0, "\(json.output)")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any], "\(json.output)")
        #expect(parsed["status"] as? String == "OK")
        let findings = try #require(parsed["findings"] as? [[String: Any]])
        let lag = try #require(findings.first { $0["name"] as? String == "lag" })
        let metrics = try #require(lag["metrics"] as? [[String: Any]])
        #expect(metrics.contains { $0["name"] as? String == "lag_bytes" && $0["value"] is NSNumber })
        #expect(try primary.query("SELECT count(*) FROM standby_wizard_check") == rowsBefore, "check wrote on the primary")

        // Replay paused, the primary writes: the standby lags.
        try standby.query("SELECT pg_wal_replay_pause()")
        try primary.query("CREATE TABLE check_bulk AS SELECT g, repeat('x', 100) AS pad FROM generate_series(1, 20000) g")
        let paused = try Self.check(lab.answersPath, ["--max-lag-bytes", "100000", "--wait-seconds", "2"])
        #expect(paused.status == 1 || paused.status == 2, "\(paused.output)")
        #expect(paused.output.contains("replay: replay is PAUSED"), "\(paused.output)")
        #expect(paused.output.contains("[WARNING]   lag: ") || paused.output.contains("[CRITICAL]  lag: "), "\(paused.output)")
        #expect(paused.output.contains("source-query: the standby did not replay past the primary's WAL position"), "\(paused.output)")
        let nagios = try Self.check(lab.answersPath, ["--max-lag-bytes", "100000", "--wait-seconds", "2", "--format", "nagios"])
        #expect(nagios.status == paused.status)
        #expect(nagios.output.hasPrefix(paused.status == 2 ? "STANDBY CRITICAL - " : "STANDBY WARNING - "), "\(nagios.output)")
        #expect(nagios.output.contains("| lag_bytes="))

        // Resumed, it catches up and is OK again.
        try standby.query("SELECT pg_wal_replay_resume()")
        var again = try Self.check(lab.answersPath, ["--max-lag-bytes", "100000"])
        for _ in 0..<10 where again.status != 0 {
            Thread.sleep(forTimeInterval: 1)
            again = try Self.check(lab.answersPath, ["--max-lag-bytes", "100000"])
        }
        #expect(again.status == 0, "\(again.output)")

        // The standby stopped: critical, in plain words, from each side.
        let version = try #require(lab.answers["SECONDARY_PG_VERSION"])
        let cluster = try #require(lab.answers["SECONDARY_PG_CLUSTER"])
        let stopped = try ChildProcess.run(["pg_ctlcluster", version, cluster, "stop"])
        #expect(stopped.status == 0, "\(stopped.output)")
        let down = try Self.check(lab.answersPath)
        #expect(down.status == 2, "\(down.output)")
        #expect(down.output.contains("[CRITICAL]  standby: the standby's server does not answer on port \(lab.answers["SECONDARY_PG_PORT"] ?? "?"): is it running?"), "\(down.output)")
        #expect(down.output.contains("[CRITICAL]  streaming: no standby streams from the primary"), "\(down.output)")
        let alone = try Self.check(lab.answersPath, ["--role", "secondary", "--format", "nagios"])
        #expect(alone.status == 2)
        #expect(alone.output.hasPrefix("STANDBY CRITICAL - standby: the standby's server does not answer"), "\(alone.output)")
        let fromPrimary = try Self.check(lab.answersPath, ["--role", "primary", "--format", "json"])
        #expect(fromPrimary.status == 2)
        let primaryJSON = try #require(try JSONSerialization.jsonObject(with: Data(fromPrimary.output.utf8)) as? [String: Any])
        #expect(primaryJSON["status"] as? String == "CRITICAL")
        #expect(primaryJSON["scope"] as? String == "the primary alone")

        // What cannot run at all is UNKNOWN (3), and changes nothing.
        let missing = try Self.check(lab.scratch + "/no-such-answers.yaml", ["--format", "nagios"])
        #expect(missing.status == 3)
        #expect(missing.output.hasPrefix("STANDBY UNKNOWN - "), "\(missing.output)")
    }
}
}
