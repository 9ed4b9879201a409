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

    /// Printable ASCII is counted by bytes; anything else by characters.
    @Test func displayWidthCountsColumns() {
        #expect("".displayWidth == 0)
        #expect("wal_level = replica".displayWidth == 19)
        #expect("a\tb".displayWidth == 3)
        #expect("café".displayWidth == 4)
        #expect("e\u{301}".displayWidth == 1)
        #expect("日本".displayWidth == 4)
        #expect("\r\n".displayWidth == 1)
    }

    /// A character wider than the whole line is put on a line of its own
    /// rather than wrapping for ever.
    @Test func aWideCharacterOnAOneColumnLineStillMovesOn() {
        #expect(TextWrap.wrap("日本", width: 1) == ["日", "本"])
        #expect(TextWrap.wrap("abcdef gh", width: 3) == ["abc", "def", "gh"])
        #expect(TextWrap.wrap("one\ttwo three", width: 9) == ["one two", "three"])
    }

    /// Table rows are found in the bytes but their columns counted in
    /// characters: a term with an accent keeps its right column in place.
    @Test func tableColumnsCountCharactersNotBytes() {
        #expect(TextWrap.wrap("café  a drink served hot", width: 20) == [
            "café  a drink served",
            "      hot",
        ])
        #expect(TextWrap.wrap("one two  not a table", width: 40) == ["one two not a table"])
        #expect(TextWrap.wrap("x  ", width: 10) == ["x"])
    }

    /// A long word is cut to the width and the rest goes on, joined with
    /// the words after it as space allows.
    @Test func longWordsAreCutAndTheRestReflows() {
        #expect(TextWrap.wrap("see /var/lib/postgresql/18/main now", width: 10) == [
            "see", "/var/lib/p", "ostgresql/", "18/main", "now",
        ])
        #expect(TextWrap.wrap("a 日本語です b", width: 4) == ["a", "日本", "語で", "す b"])
    }
}
