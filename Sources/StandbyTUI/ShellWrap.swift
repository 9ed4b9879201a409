/// Wrapping a shell command line for the screen without changing what it
/// says. A line may only break where the shell itself sees a gap between
/// words (unquoted whitespace, outside `$( )` and backquotes), so that the
/// trailing ` \` an operator copies by hand joins the same words again.
enum ShellWrap {
    /// One row of a wrapped command.
    struct Row: Equatable {
        var text: String
        /// The next row continues this row's word (a single word longer
        /// than the pane, such as `su -c '...'`'s argument): no ` \` here,
        /// since a backslash-newline inside quotes is not a continuation.
        var wordGoesOn: Bool = false
        /// This row carries on the word of the row above.
        var insideWord: Bool = false
    }

    /// The words of `line`, each as written (quotes and escapes kept).
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var single = false, double = false, escaped = false, backquote = false
        var depth = 0
        var previous: Character = " "
        for ch in line {
            defer { previous = ch }
            if escaped {
                current.append(ch)
                escaped = false
                continue
            }
            if single {
                current.append(ch)
                if ch == "'" { single = false }
                continue
            }
            switch ch {
            case "\\":
                escaped = true
            case "'" where !double:
                single = true
            case "\"":
                double.toggle()
            case "`":
                backquote.toggle()
            case "(" where previous == "$" || depth > 0:
                depth += 1
            case ")" where depth > 0:
                depth -= 1
            case " " where !double && !backquote && depth == 0, "\t" where !double && !backquote && depth == 0:
                if !current.isEmpty { words.append(current) }
                current = ""
                continue
            default:
                break
            }
            current.append(ch)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Rows of at most `width` columns, ` \` included, broken between
    /// words. A word wider than that alone is broken at its own spaces
    /// where it has some, else anywhere, and its rows say so.
    static func wrap(_ line: String, width: Int) -> [Row] {
        let room = max(1, width - 2)
        var rows: [Row] = []
        var current: [String] = []
        // The row being built carries on a word broken above it.
        var currentInside = false
        func text(_ words: [String]) -> String { words.joined(separator: " ") }
        func flush(_ words: [String]) {
            guard !words.isEmpty else { return }
            rows.append(Row(text: text(words), insideWord: currentInside))
            currentInside = false
        }
        for word in words(line) {
            if !current.isEmpty {
                if text(current + [word]).displayWidth <= room {
                    current.append(word)
                    continue
                }
                // Break after the row's last `&&`, `||`, `|` or `;` when
                // that keeps a command with its arguments on one row.
                if let cut = current.indices.dropFirst().dropLast().last(where: { Self.operators.contains(current[$0]) }),
                   text(Array(current[(cut + 1)...]) + [word]).displayWidth <= room {
                    flush(Array(current[...cut]))
                    current = Array(current[(cut + 1)...]) + [word]
                    continue
                }
                // An option stays with its value: `-h` goes down with the host.
                if current.count > 1, let option = current.last, option.hasPrefix("-"), !option.contains("="),
                   !word.hasPrefix("-"), !Self.operators.contains(word), text([option, word]).displayWidth <= room {
                    flush(Array(current.dropLast()))
                    current = [option, word]
                    continue
                }
                if word.displayWidth <= room || room - text(current).displayWidth - 1 < room / 2 {
                    flush(current)
                    current = []
                }
            }
            guard word.displayWidth > room else {
                current = [word]
                continue
            }
            // A word wider than a row starts beside what the row has, when
            // that leaves it half a row at least.
            let lead = current.isEmpty ? "" : text(current) + " "
            let pieces = split(word, width: room, firstWidth: room - lead.displayWidth)
            var inside = currentInside
            for (index, piece) in pieces.dropLast().enumerated() {
                rows.append(Row(text: (index == 0 ? lead : "") + piece.text, wordGoesOn: !piece.continues, insideWord: inside))
                inside = !piece.continues
            }
            if pieces.count == 1 { current = [lead + (pieces.first?.text ?? "")]; continue }
            // The word's last piece may still take the next words.
            current = pieces.last.map { [$0.text] } ?? []
            currentInside = inside
        }
        flush(current)
        return rows
    }

    /// Where a command ends and the next begins.
    static let operators: Set<String> = ["&&", "||", "|", ";"]

    /// A piece of a word too wide for a row. `continues`: it ends at a
    /// space inside `$( )` outside quotes, which separates words of the
    /// inner command, so ` \` may continue it there (the shell drops the
    /// backslash-newline, and spaces there mean nothing more).
    struct Piece: Equatable {
        var text: String
        var continues: Bool
    }

    /// A word too wide for a row, in pieces: at a space inside `$( )` when
    /// there is one, else at a quoted space (kept at the end of its piece,
    /// so none is lost), else by width.
    static func split(_ word: String, width: Int, firstWidth: Int? = nil) -> [Piece] {
        let chars = Array(word)
        // For each character: is it a space the word may break at, and
        // is that break a plain continuation.
        var breaks: [Int: Bool] = [:]
        var single = false, double = false, escaped = false, backquote = false
        var depth = 0
        for (i, ch) in chars.enumerated() {
            if escaped { escaped = false; continue }
            if single { if ch == "'" { single = false }; continue }
            switch ch {
            case "\\": escaped = true
            case "'" where !double: single = true
            case "\"": double.toggle()
            case "`": backquote.toggle()
            case "(" where (i > 0 && chars[i - 1] == "$") || depth > 0: depth += 1
            case ")" where depth > 0: depth -= 1
            case " ":
                if i < chars.count - 1 { breaks[i] = depth > 0 && !double && !backquote }
            default: break
            }
        }
        // Single quotes were skipped above: their spaces break as quoted.
        for (i, ch) in chars.enumerated() where ch == " " && breaks[i] == nil && i > 0 && i < chars.count - 1 {
            breaks[i] = false
        }
        var pieces: [Piece] = []
        var start = 0
        while start < chars.count {
            let limit = pieces.isEmpty ? max(1, firstWidth ?? width) : width
            var used = 0
            var end = start
            while end < chars.count, used + chars[end].displayWidth <= limit {
                used += chars[end].displayWidth
                end += 1
            }
            if end >= chars.count {
                pieces.append(Piece(text: String(chars[start...]), continues: false))
                break
            }
            let candidates = (start + 1..<end).filter { breaks[$0] != nil }
            if let safe = candidates.last(where: { breaks[$0] == true }) {
                pieces.append(Piece(text: String(chars[start..<safe]), continues: true))
                start = safe + 1
            } else if let quoted = candidates.last {
                pieces.append(Piece(text: String(chars[start...quoted]), continues: false))
                start = quoted + 1
            } else {
                pieces.append(Piece(text: String(chars[start..<max(end, start + 1)]), continues: false))
                start = max(end, start + 1)
            }
        }
        return pieces
    }
}
