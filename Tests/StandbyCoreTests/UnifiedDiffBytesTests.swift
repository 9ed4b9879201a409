import Foundation
import Testing
@testable import StandbyCore

/// The diff splits and compares lines on their UTF-8 bytes: line endings,
/// missing final newlines and characters beyond ASCII must come out as
/// TextLines would split them and as diff -u compares them.
@Suite("Unified diff on bytes")
struct UnifiedDiffBytesTests {
    @Test func emptyFiles() {
        #expect(UnifiedDiff(old: "", new: "").isEmpty)
        #expect(UnifiedDiff(old: "", new: "x").text(oldLabel: "a", newLabel: "b")
            == "--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n\\ No newline at end of file\n")
        #expect(UnifiedDiff(old: "x\n", new: "").text(oldLabel: "a", newLabel: "b") == "--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n")
    }

    @Test func crlfLinesCompareWithTheirEndingAndPrintWithoutIt() {
        let diff = UnifiedDiff(old: "a\r\nb\r\n", new: "a\r\nb\n")
        #expect(diff.text(oldLabel: "x", newLabel: "y") == "--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n")
        // A line of only "\r\n" is an empty line.
        #expect(UnifiedDiff(old: "\r\n", new: "\r\nz\r\n").lines.map(\.text) == ["@@ -1 +1,2 @@", "", "z"])
    }

    @Test func aCarriageReturnInsideALineStaysInIt() {
        let diff = UnifiedDiff(old: "a\rb\n\r", new: "a\rc\n\r")
        #expect(diff.lines.map(\.text) == ["@@ -1,2 +1,2 @@", "a\rb", "a\rc", "\r", "\\ No newline at end of file"])
        #expect(diff.lines.map(\.kind) == [.hunkHeader, .removed, .added, .context, .noNewlineMarker])
    }

    @Test func linesDifferByBytesNotByCanonicalEquivalence() {
        // "é" as one scalar and as e + combining accent: equal Strings,
        // different bytes, so different lines to diff -u.
        let diff = UnifiedDiff(old: "caf\u{E9}\n", new: "cafe\u{301}\n")
        #expect(diff.removedCount == 1 && diff.addedCount == 1)
        #expect(Array(diff.lines[2].text.unicodeScalars) == Array("cafe\u{301}".unicodeScalars))
    }

    @Test func multiByteTextAndLatin1FilesComeOutWhole() {
        let diff = UnifiedDiff(old: "日本\nwork_mem = 4MB\n", new: "日本\nwork_mem = 8MB\n")
        #expect(diff.text(oldLabel: "x", newLabel: "y") == "--- x\n+++ y\n@@ -1,2 +1,2 @@\n 日本\n-work_mem = 4MB\n+work_mem = 8MB\n")
        // A Latin-1 file is text of one character per byte.
        let old = FileText(bytes: [0x23, 0x20, 0xE9, 0x0A, 0x61, 0x0A]), new = FileText(bytes: [0x23, 0x20, 0xE9, 0x0A, 0x62, 0x0A])
        #expect(old.encoding == .latin1)
        #expect(UnifiedDiff(old: old.text, new: new.text).lines.map(\.text) == ["@@ -1,2 +1,2 @@", "# é", "a", "b"])
    }

    /// Every numbered line of the diff is that line of TextLines' split,
    /// over random files mixing "\n", "\r\n", stray "\r" and a missing
    /// final newline; and the hunks rebuild the new file.
    @Test func numberedLinesAreTextLinesLines() {
        var generator = SeededGenerator(seed: 37)
        let words = ["a", "b", "", "\r", "x\ry", "é", "日本", "port = 5432"]
        func text() -> String {
            var out = ""
            for _ in 0..<Int.random(in: 0...10, using: &generator) {
                out += words.randomElement(using: &generator)! + (Bool.random(using: &generator) ? "\n" : "\r\n")
            }
            if Int.random(in: 0...3, using: &generator) == 0 { out += words.randomElement(using: &generator)! }
            return out
        }
        for _ in 0..<500 {
            let oldText = text(), newText = text()
            let old = TextLines(oldText).lines, new = TextLines(newText).lines
            let diff = UnifiedDiff(old: oldText, new: newText)
            #expect(diff.isEmpty == (old == new))
            for line in diff.lines {
                switch line.kind {
                case .context: #expect(old[line.oldNumber! - 1].content == line.text && new[line.newNumber! - 1].content == line.text)
                case .removed: #expect(old[line.oldNumber! - 1].content == line.text)
                case .added: #expect(new[line.newNumber! - 1].content == line.text)
                default: break
                }
            }
            #expect(UnifiedDiffTests.patch(old.map(\.content), with: diff) == new.map(\.content))
        }
    }
}
