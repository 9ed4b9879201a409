@testable import StandbyCore
import Testing

/// A gate begun after its server started reads from that start, not from
/// an earlier run's lines.
@Suite("The server's latest start in a log")
struct ServerStartLineTests {
    static let twoRuns = """
        2026-12-02 01:00:00.000 UTC [10] LOG:  starting PostgreSQL 15.18 on x86_64-pc-linux-gnu
        2026-12-02 01:00:00.010 UTC [12] LOG:  database system was shut down at 2026-12-02 00:59:00 UTC
        2026-12-02 01:00:00.020 UTC [10] LOG:  database system is ready to accept connections
        2026-12-02 01:01:00.000 UTC [10] LOG:  received fast shutdown request
        2026-12-02 01:02:00.000 UTC [20] LOG:  starting PostgreSQL 15.18 on x86_64-pc-linux-gnu
        2026-12-02 01:02:00.010 UTC [22] LOG:  database system was interrupted; last known up at 2026-12-02 01:01:59 UTC
        2026-12-02 01:02:00.020 UTC [22] LOG:  entering standby mode

        """

    @Test func theLatestStartOnly() {
        let kept = String(decoding: ServerStartLine.latest(in: Array(Self.twoRuns.utf8)), as: UTF8.self)
        #expect(kept.hasPrefix("2026-12-02 01:02:00.000 UTC [20] LOG:  starting PostgreSQL"))
        #expect(!kept.contains("ready to accept connections"))
        #expect(kept.contains("entering standby mode"))
    }

    /// 9.5 and 9.6 write no "starting PostgreSQL" line.
    @Test func beforeTenTheEndOfTheLastRunMarksTheStart() {
        let log = """
            LOG:  database system was shut down at 2026-12-02 00:59:00 UTC
            LOG:  database system is ready to accept connections
            LOG:  database system was interrupted; last known up at 2026-12-02 01:01:59 UTC
            LOG:  entering standby mode

            """
        let kept = String(decoding: ServerStartLine.latest(in: Array(log.utf8)), as: UTF8.self)
        #expect(kept.hasPrefix("LOG:  database system was interrupted"))
    }

    @Test func aLogWithoutAStartIsKeptWhole() {
        let log = Array("LOG:  checkpoint starting: time\n".utf8)
        #expect(ServerStartLine.latest(in: log) == log)
    }
}
