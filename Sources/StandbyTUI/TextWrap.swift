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
            if line.allSatisfy({ $0 == " " }) {
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
    private static func tableRow(_ line: String) -> Row? {
        let characters = Array(line)
        var index = 1
        while index + 1 < characters.count {
            if characters[index] == " " {
                guard characters[index + 1] == " " else { return nil }
                var column = index
                while column < characters.count && characters[column] == " " { column += 1 }
                guard column < characters.count else { return nil }
                return Row(term: String(characters[..<index]), column: column,
                           words: String(characters[column...]).split(separator: " "))
            }
            index += 1
        }
        return nil
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

    private static func reflow(_ words: [Substring], width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        var used = 0
        for word in words {
            var word = String(word)
            var columns = word.displayWidth
            while columns > width {
                // A word longer than the line (a path, a hash) is split hard.
                if !current.isEmpty { lines.append(current); current = ""; used = 0 }
                var head = "", headColumns = 0
                for ch in word {
                    if headColumns + ch.displayWidth > width { break }
                    head.append(ch)
                    headColumns += ch.displayWidth
                }
                // A wide character on a one-column line still moves on.
                if head.isEmpty, let first = word.first { head.append(first) }
                lines.append(head)
                word = String(word.dropFirst(head.count))
                columns = word.displayWidth
            }
            if current.isEmpty {
                current = word
                used = columns
            } else if used + 1 + columns <= width {
                current += " " + word
                used += 1 + columns
            } else {
                lines.append(current)
                current = word
                used = columns
            }
        }
        if !current.isEmpty { lines.append(current) }
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
