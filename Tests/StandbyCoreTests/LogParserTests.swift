import Foundation
import StandbyCore
import Testing

@Suite("log_line_prefix and multi-line entries")
struct LogParserTests {
    @Test func currentDebianPrefixSessionAndNonSession() {
        let text = """
        2024-05-02 09:14:03.118 UTC [812] LOG:  database system is ready to accept connections
        2024-05-02 09:15:41.552 UTC [1907] repuser@[unknown] FATAL:  no pg_hba.conf entry for replication connection from host "10.0.0.12", user "repuser", no encryption
        """
        let entries = LogParser.entries(of: text, prefix: .debianCurrent)
        #expect(entries.map(\.severity) == [.log, .fatal])
        #expect(entries[0].message == "database system is ready to accept connections")
        #expect(entries[1].message.hasPrefix("no pg_hba.conf entry"))
    }

    @Test func oldDebianPrefix() {
        let text = "2017-06-01 10:15:02 UTC [2817-1] LOG:  database system is ready to accept connections\n"
            + "2017-06-01 10:16:40 UTC [2901-1] repuser@[unknown] FATAL:  password authentication failed for user \"repuser\"\n"
        let entries = LogParser.entries(of: text, prefix: .debianOld)
        #expect(entries.map(\.severity) == [.log, .fatal])
        // The current prefix wants milliseconds and a bare PID: it does
        // not mistake these lines for its own.
        #expect(LogParser.entries(of: text, prefix: .debianCurrent).allSatisfy { $0.severity == nil })
    }

    @Test func continuationsAndForeignLinesAndQuotedReplies() {
        let text = """
        2024-05-02 09:15:41.552 UTC [1907] LOG:  invalid value for parameter "wal_level": "bogus"
        2024-05-02 09:15:41.552 UTC [1907] HINT:  Available values: minimal, replica, logical.
        cp: cannot create regular file '/archive/000000010000000000000005': Permission denied
        2024-05-02 09:15:41.552 UTC [1907] FATAL:  could not connect to the primary server: connection to server at "10.0.0.11", port 5432 failed: FATAL:  password authentication failed for user "repuser"
        \tsome libpq text
        """
        let entries = LogParser.entries(of: text, prefix: .debianCurrent)
        #expect(entries.count == 3)
        #expect(entries[0].continuations == ["HINT: Available values: minimal, replica, logical."])
        #expect(entries[1].severity == nil && entries[1].message.hasPrefix("cp: "))
        // The first label is the line's own, not the primary's quoted one.
        #expect(entries[2].severity == .fatal && entries[2].message.hasPrefix("could not connect"))
        #expect(entries[2].continuations == ["\tsome libpq text"])
        #expect(entries[2].rawLines.count == 2)
    }

    @Test func unknownPrefixFindsTheFirstLabel() {
        let entries = LogParser.entries(of: "whatever 12:00 <x> WARNING:  something odd", prefix: .unknown)
        #expect(entries[0].severity == .warning && entries[0].message == "something odd")
    }

    @Test func prefixFromConfigTextLastActiveSettingWins() {
        let conf = """
        #log_line_prefix = '%m [%p] '
        log_line_prefix = '%t [%p-%l] %q%u@%d '   # old Debian
        log_line_prefix='%m [%p] %q%u@%d '
        #log_line_prefix = 'nope'
        """
        #expect(LogLinePrefix.fromConfig([conf], major: nil) == .debianCurrent)
        #expect(LogLinePrefix.fromConfig(["port = 5432"], major: PostgresMajor(9, 5)) == LogLinePrefix(""))
        #expect(LogLinePrefix.fromConfig(["port = 5432"], major: PostgresMajor(15)) == LogLinePrefix("%m [%p] "))
        #expect(LogLinePrefix.fromConfig([], major: nil) == .unknown)
        // postgresql.auto.conf comes last and wins.
        #expect(LogLinePrefix.fromConfig([conf, "log_line_prefix = '%t [%p-%l] %q%u@%d '"], major: nil) == .debianOld)
    }

    @Test func entriesKeepTheirOrderAcrossFeeds() {
        var parser = LogParser(prefix: .debianCurrent)
        let first = parser.feed(["2024-05-02 09:15:41.552 UTC [1] FATAL:  a"])
        #expect(first.isEmpty && parser.open?.message == "a")
        let second = parser.feed(["2024-05-02 09:15:41.552 UTC [1] DETAIL:  b", "2024-05-02 09:15:41.552 UTC [1] LOG:  c"])
        #expect(second.map(\.continuations) == [["DETAIL: b"]])
        #expect(parser.open?.sequence == 1)
    }
}
