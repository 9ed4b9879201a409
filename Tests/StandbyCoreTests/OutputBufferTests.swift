import StandbyCore
import Testing

@Suite("Output buffer: terminal bytes to safe display lines")
struct OutputBufferTests {
    func lines(_ text: String, maxLines: Int = 100, chunk: Int? = nil) -> [String] {
        var buffer = OutputBuffer(maxLines: maxLines)
        let bytes = Array(text.utf8)
        if let chunk {
            var i = 0
            while i < bytes.count {
                buffer.append(Array(bytes[i..<min(bytes.count, i + chunk)]))
                i += chunk
            }
        } else {
            buffer.append(bytes)
        }
        return buffer.lines
    }

    @Test func carriageReturnOverwritesInPlace() {
        #expect(lines("10%\r20%\r100%\ndone\n") == ["100%", "done"])
        #expect(lines("abcdef\rXY\n") == ["XYcdef"])
        #expect(lines("long progress text\r\u{1B}[Kshort\n") == ["short"])
        #expect(lines("a\r\n") == ["a"])
    }

    @Test func colourAndCursorSequencesAreStripped() {
        #expect(lines("\u{1B}[31mred\u{1B}[0m \u{1B}[1;32mgreen\u{1B}[m\n") == ["red green"])
        #expect(lines("\u{1B}]0;window title\u{07}after\n") == ["after"])
        #expect(lines("\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\\n") == ["link"])
        #expect(lines("\u{1B}[2J\u{1B}[H\u{1B}(Bhome\u{1B}7\u{1B}8\n") == ["home"])
        #expect(lines("\u{1B}[?1049h\u{1B}[?25lalt\n") == ["alt"])
    }

    @Test func noControlCharacterSurvives() {
        var input = ""
        for value in 0..<32 where value != 10 { input.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
        input += "x\u{7F}\u{85}\u{9B}31my\n"
        for line in lines(input) {
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(line.debugDescription)")
        }
    }

    @Test func utf8SplitAcrossChunksAndInvalidBytes() {
        let text = "grüße 日本 🐘\n"
        for size in 1...5 { #expect(lines(text, chunk: size) == ["grüße 日本 🐘"]) }
        var buffer = OutputBuffer()
        buffer.append([0x61, 0xFF, 0x62, 0xE6, 0x97, 0x0A])
        #expect(buffer.lines == ["a\u{FFFD}b\u{FFFD}"])
    }

    @Test func escapeSequenceSplitAcrossChunks() {
        #expect(lines("\u{1B}[38;5;196mred\u{1B}[0m\n", chunk: 1) == ["red"])
    }

    @Test func tabsBackspaceAndOverwriteOfWideText() {
        #expect(lines("a\tb\n") == ["a       b"])
        #expect(lines("abc\u{08}\u{08}X\n") == ["aXc"])
        #expect(lines("äöü\rA\n") == ["Aöü"])
    }

    @Test func scrollbackIsBoundedAndCountsDroppedLines() {
        var buffer = OutputBuffer(maxLines: 3)
        buffer.append(Array((1...10).map { "line \($0)\n" }.joined().utf8))
        #expect(buffer.lines == ["line 8", "line 9", "line 10"])
        #expect(buffer.droppedLines == 7)
        buffer.append(Array("partial".utf8))
        #expect(buffer.tail(2) == ["line 10", "partial"])
        #expect(buffer.currentLine == "partial")
    }

    @Test func longLinesAreBrokenNotGrown() {
        var buffer = OutputBuffer(maxLines: 10, maxLineBytes: 16)
        buffer.append(Array(String(repeating: "x", count: 40).utf8))
        #expect(buffer.lines.map(\.count) == [16, 16, 8])
    }
}
