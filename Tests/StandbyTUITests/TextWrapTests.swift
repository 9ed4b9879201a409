@testable import StandbyTUI
import Testing

@Suite("Screen text wrapping")
struct TextWrapTests {
    static let table = """
        Sets two things:

        wal_level        write enough detail into the
                         WAL for a standby
        max_wal_senders  how many replication connections may run
        """

    @Test func tableRowsKeepTheirColumns() {
        #expect(TextWrap.wrap(Self.table, width: 40) == [
            "Sets two things:",
            "",
            "wal_level        write enough detail",
            "                 into the WAL for a",
            "                 standby",
            "max_wal_senders  how many replication",
            "                 connections may run",
        ])
    }

    /// Too narrow for a fair column: the explanation goes under its term.
    @Test func narrowPaneMovesTheRightColumnUnder() {
        #expect(TextWrap.wrap("max_wal_senders  how many at once", width: 24) == [
            "max_wal_senders",
            "  how many at once",
        ])
    }

    @Test func paragraphsStillReflowAndIndentedLinesStay() {
        #expect(TextWrap.wrap("one two three\nfour five\n    $ a command line", width: 12) == [
            "one two", "three four", "five", "    $ a com~",
        ])
    }
}
