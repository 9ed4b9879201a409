@testable import StandbyTUI
import Testing

@Suite("Text fields and wrapping")
struct TextEditingTests {
    @Test func insertsAtTheCursorAndDeletes() {
        var field = TextField("")
        for ch in "hllo" { _ = field.handle(.character(ch)) }
        _ = field.handle(.home)
        _ = field.handle(.right)
        _ = field.handle(.character("e"))
        #expect(field.text == "hello")
        _ = field.handle(.end)
        _ = field.handle(.backspace)
        #expect(field.text == "hell")
        _ = field.handle(.home)
        _ = field.handle(.delete)
        #expect(field.text == "ell")
        _ = field.handle(.ctrl("u"))
        #expect(field.text.isEmpty)
        #expect(field.touched)
    }

    @Test func nonASCIIAndQuotesAreKept() {
        var field = TextField("")
        for ch in "pä'ß\\\" x" { _ = field.handle(.character(ch)) }
        #expect(field.text == "pä'ß\\\" x")
    }

    @Test func controlCharactersAreNotInserted() {
        var field = TextField("ab")
        #expect(field.handle(.character("\u{7}")) == false)
        #expect(field.text == "ab")
    }

    @Test func longTextScrollsToKeepTheCursorVisible() {
        let field = TextField(String(repeating: "a", count: 40) + "END")
        let (shown, cursor) = field.visible(width: 20, masked: false)
        #expect(shown.hasSuffix("END"))
        #expect(cursor == 19)
    }

    @Test func maskedShowsOnlyStars() {
        let field = TextField("secret")
        #expect(field.visible(width: 20, masked: true).text == "******")
    }

    @Test func wrapsParagraphsAndKeepsIndentedLines() {
        let text = "one two three four five six\n\n    indented command line that is long\n- item that wraps around"
        let lines = TextWrap.wrap(text, width: 12)
        #expect(lines == ["one two", "three four", "five six", "", "    indente~", "- item that", "  wraps", "  around"])
    }

    @Test func listItemsContinuedOnIndentedLinesReflow() {
        let text = "Intro line one\nand two.\n- first item that\n  goes on\n- second\n\nAfter."
        #expect(TextWrap.wrap(text, width: 30) == ["Intro line one and two.", "- first item that goes on", "- second", "", "After."])
    }

    @Test func splitsWordsLongerThanTheLine() {
        #expect(TextWrap.wrap("/a/very/long/path/name", width: 8) == ["/a/very/", "long/pat", "h/name"])
    }

    @Test func wideCharactersTakeTwoColumns() {
        #expect("日本".displayWidth == 4)
        #expect("e\u{301}".displayWidth == 1)
    }
}
