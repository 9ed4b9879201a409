/// Word wrapping for screen texts. Paragraphs reflow; a line that starts
/// with spaces is kept as written (commands, config lines), cut at the edge
/// rather than broken, since a wrapped command would read as two. A row of
/// a two-column table ("wal_level    write enough ...", the gap two spaces
/// or more) keeps its columns: the right one reflows beside the left, with
/// lines indented to its column continuing it.
enum TextWrap {
    /// A table row: the left column's text and where the right one starts.
    private struct Row {
        var term: String
        var column: Int
        var words: [Substring]
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        var paragraph: [Substring] = []
        var item: [Substring]?
        var row: Row?
        func flush() {
            if !paragraph.isEmpty {
                out += reflow(words(paragraph), width: width)
                paragraph = []
            }
            if let table = row {
                out += layout(table, width: width)
                row = nil
            }
            if let itemLines = item {
                // A list item: wrapped with a hanging indent.
                let body = reflow(Self.words(itemLines), width: width - 2)
                out += body.enumerated().map { ($0.offset == 0 ? "- " : "  ") + $0.element }
                item = nil
            }
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.replacingTabs()
            if line.utf8.allSatisfy({ $0 == UInt8(ascii: " ") }) {
                flush()
                out.append("")
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                flush()
                item = [Substring(line.dropFirst(2))]
            } else if item != nil, line.hasPrefix("  "), !line.hasPrefix("   ") {
                // Two spaces under an item continue it, as YAML texts wrap.
                item?.append(Substring(line.dropFirst(2)))
            } else if let table = row, line.count > table.column, line.prefix(table.column).allSatisfy({ $0 == " " }),
                      line.dropFirst(table.column).first != " " {
                row?.words += line.dropFirst(table.column).split(separator: " ")
            } else if line.first != " ", let found = tableRow(line) {
                flush()
                row = found
            } else if line.first == " " {
                flush()
                out.append(String(line).truncated(to: width))
            } else {
                if item != nil { flush() }
                paragraph.append(Substring(line))
            }
        }
        flush()
        while out.last == "" { out.removeLast() }
        return out
    }

    /// One word, a gap of two or more spaces, then text. A single word,
    /// so a log line ("... FATAL:  no pg_hba.conf entry") is no table.
    /// Looked for in the UTF-8 bytes (a space is one byte, and no byte of a
    /// longer character is one): every paragraph line is asked, and making
    /// an array of its Characters was most of the cost of wrapping.
    private static func tableRow(_ line: String) -> Row? {
        let bytes = line.utf8
        let space = UInt8(ascii: " ")
        guard !bytes.isEmpty, let gap = bytes[bytes.index(after: bytes.startIndex)...].firstIndex(of: space) else { return nil }
        let second = bytes.index(after: gap)
        guard second < bytes.endIndex, bytes[second] == space,
              let text = bytes[second...].firstIndex(where: { $0 != space }) else { return nil }
        return Row(term: String(line[..<gap]), column: line[..<text].count,
                   words: line[text...].split(separator: " "))
    }

    /// Beside the term when there is room for a fair column, else under it.
    private static func layout(_ row: Row, width: Int) -> [String] {
        if row.column <= width / 2 {
            let pad = String(repeating: " ", count: row.column)
            return reflow(row.words, width: width - row.column).enumerated().map { index, piece in
                index == 0 ? row.term + String(repeating: " ", count: row.column - row.term.count) + piece : pad + piece
            }
        }
        return [row.term.truncated(to: width)] + reflow(row.words, width: width - 2).map { "  " + $0 }
    }

    /// The words of lines that reflow as one paragraph.
    private static func words(_ lines: [Substring]) -> [Substring] {
        lines.flatMap { $0.split(separator: " ") }
    }

    /// Lines are joined from slices of the text once each is full, rather
    /// than grown a word at a time.
    private static func reflow(_ words: [Substring], width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var current: [Substring] = []
        var used = 0
        func finishLine() {
            if !current.isEmpty { lines.append(current.joined(separator: " ")) }
            current = []
            used = 0
        }
        for whole in words {
            var word = whole
            var columns = word.displayWidth
            while columns > width {
                // A word longer than the line (a path, a hash) is split hard.
                finishLine()
                var end = word.startIndex, headColumns = 0
                while end < word.endIndex {
                    let next = word[end].displayWidth
                    if headColumns + next > width { break }
                    headColumns += next
                    end = word.index(after: end)
                }
                // A wide character on a one-column line still moves on.
                if end == word.startIndex { end = word.index(after: end) }
                lines.append(String(word[..<end]))
                word = word[end...]
                columns = word.displayWidth
            }
            if current.isEmpty {
                current = [word]
                used = columns
            } else if used + 1 + columns <= width {
                current.append(word)
                used += 1 + columns
            } else {
                finishLine()
                current = [word]
                used = columns
            }
        }
        finishLine()
        return lines
    }
}

private extension Substring {
    func replacingTabs() -> String {
        guard utf8.contains(UInt8(ascii: "\t")) else { return String(self) }
        var out = ""
        for ch in self {
            if ch == "\t" {
                repeat { out.append(" ") } while out.count % 4 != 0
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
