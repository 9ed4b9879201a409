/// Word wrapping for screen texts. Paragraphs reflow; a line that starts
/// with spaces is kept as written (commands, config lines), cut at the edge
/// rather than broken, since a wrapped command would read as two.
enum TextWrap {
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        var paragraph: [Substring] = []
        var item: [Substring]?
        func flush() {
            if !paragraph.isEmpty {
                out += reflow(paragraph.joined(separator: " "), width: width)
                paragraph = []
            }
            if let words = item {
                // A list item: wrapped with a hanging indent.
                let body = reflow(words.joined(separator: " "), width: width - 2)
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

    private static func reflow(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            var word = String(word)
            while word.displayWidth > width {
                // A word longer than the line (a path, a hash) is split hard.
                if !current.isEmpty { lines.append(current); current = "" }
                var head = ""
                for ch in word {
                    if head.displayWidth + ch.displayWidth > width { break }
                    head.append(ch)
                }
                lines.append(head)
                word = String(word.dropFirst(head.count))
            }
            if current.isEmpty {
                current = word
            } else if current.displayWidth + 1 + word.displayWidth <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

private extension Substring {
    func replacingTabs() -> String {
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
