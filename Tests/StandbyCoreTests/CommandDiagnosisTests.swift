import Foundation
import StandbyCore
import Testing

/// A failed command explained in the gates' words. The psql lines are as
/// psql 15 printed them on this machine against a server started with
/// -c max_wal_senders=0, and against one without a matching hba rule.
@Suite("Command failures explained from output and server log")
struct CommandDiagnosisTests {
    @Test func psqlRelaysThePrimarysReason() {
        let output = [
            "psql: error: connection to server at \"127.0.0.1\", port 59991 failed: FATAL:  number of requested standby connections exceeds max_wal_senders (currently 0)",
        ]
        let found = CommandDiagnosis.diagnose(output: output, log: nil, host: .secondary)
        #expect(found.map(\.failureID) == ["max-wal-senders"])
        #expect(found.first?.lines == output)
        #expect(found.first?.explanation.contains("start option") == true)
    }

    @Test func repeatedFailureIsOneDiagnosis() {
        // libpq tries SSL first, then plain: the same refusal twice.
        let output = [
            "psql: error: connection to server at \"127.0.0.1\", port 5433 failed: FATAL:  no pg_hba.conf entry for replication connection from host \"127.0.0.1\", user \"rep\", SSL encryption",
            "connection to server at \"127.0.0.1\", port 5433 failed: FATAL:  no pg_hba.conf entry for replication connection from host \"127.0.0.1\", user \"rep\", no encryption",
        ]
        let found = CommandDiagnosis.diagnose(output: output, log: nil, host: .secondary)
        #expect(found.map(\.failureID) == ["hba-replication"])
        #expect(found.first?.lines.count == 2)
        #expect(found.first?.backTo == ["primary-hba"])
    }

    @Test func ordinaryOutputExplainsNothing() {
        #expect(CommandDiagnosis.diagnose(output: ["cp: cannot stat 'x': No such file or directory", ""], log: nil, host: .primary).isEmpty)
    }

    /// A restart that fails leaves its reason in the server log only.
    @Test func failedStartIsExplainedFromTheLog() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/server.log"
        try "2026-11-28 09:00:00.000 UTC [90] LOG:  database system is shut down\n".write(toFile: path, atomically: true, encoding: .utf8)
        let gate = LogGate(stepID: "primary-ready", gate: GateAction(expect: [.acceptingConnections]), host: .primary,
                           location: LogLocator.given(path), prefix: .debianCurrent, reading: LocalHost())
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2026-11-28 09:00:01.000 UTC [91] FATAL:  WAL archival cannot be enabled when wal_level is \"minimal\"\n".utf8))
        try handle.close()
        let found = CommandDiagnosis.diagnose(output: ["pg_ctl: could not start server", "Examine the log output."], log: gate, host: .primary)
        #expect(found.map(\.failureID) == ["wal-level-minimal"])
        #expect(found.first?.backTo == ["primary-settings"])
    }

    /// Both refusals as PostgreSQL 15 wrote them here, started with
    /// -cwal_level=minimal and archive_mode on, then without archiving.
    @Test(arguments: ["2026-11-28 23:28:14.100 UTC [25400] FATAL:  WAL archival cannot be enabled when wal_level is \"minimal\"",
                      "2026-11-28 23:28:14.216 UTC [25406] FATAL:  WAL streaming (max_wal_senders > 0) requires wal_level \"replica\" or \"logical\""])
    func minimalWalLevelRefusals(line: String) {
        let entry = LogParser.entries(of: line, prefix: .debianCurrent).first
        #expect(entry.flatMap(FailureCatalog.match)?.id == "wal-level-minimal")
    }

    @Test func unknownLogTroubleIsShownAsIs() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/server.log"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let gate = LogGate(stepID: "primary-ready", gate: GateAction(expect: [.acceptingConnections]), host: .primary,
                           location: LogLocator.given(path), prefix: .debianCurrent, reading: LocalHost())
        try "2026-11-28 09:00:01.000 UTC [91] FATAL:  could not load server certificate file \"server.crt\": No such file or directory\n"
            .write(toFile: path, atomically: false, encoding: .utf8)
        let found = CommandDiagnosis.diagnose(output: [], log: gate, host: .primary)
        #expect(found.map(\.failureID) == [CommandDiagnosis.serverLogID])
        #expect(found.first?.lines.first?.contains("server.crt") == true)
    }
}
