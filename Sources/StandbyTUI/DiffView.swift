import StandbyCore

/// One screenful of a diff for the step pane: the lines to draw and what
/// the scroll keys may do.
struct DiffPage: Equatable {
    /// Exactly the rows of the pane: title, summary, the visible part of
    /// the diff, and a position line.
    var lines: [PaneLine]
    /// The scroll offset actually used (clamped).
    var scroll: Int
    var maxScroll: Int
    /// Diff rows that fit at once; PgUp/PgDn move by this much.
    var pageRows: Int
}

/// Turns a unified diff into the step pane's lines: old and new line
/// numbers, `-` / `+` marks, styles for colour (and for bold and reverse on
/// monochrome). Pure, like the rest of the view: the same input always
/// gives the same lines. Long lines wrap under the text column rather than
/// being cut, since the cut-off part of a value is exactly what the
/// operator must review.
enum DiffView {
    static func page(_ diff: UnifiedDiff, title: String, summary: String, scroll: Int, width: Int, height: Int,
                     emptyMessage: String = "The file stays as it is.") -> DiffPage {
        let width = max(10, width)
        let header = [PaneLine(leftTruncated(title, to: width), .title), PaneLine(summary.truncated(to: width), .label)]
        let body = diff.isEmpty ? [PaneLine(emptyMessage.truncated(to: width), .dim)] : rows(diff, width: width)
        let pageRows = max(1, height - header.count - 1)
        let maxScroll = max(0, body.count - pageRows)
        let top = min(max(0, scroll), maxScroll)
        var lines = header
        lines += body.dropFirst(top).prefix(pageRows)
        while lines.count < header.count + pageRows { lines.append(.blank) }
        lines.append(PaneLine(position(top: top, shown: min(pageRows, body.count - top), total: body.count, width: width), .dim))
        return DiffPage(lines: Array(lines.prefix(max(0, height))), scroll: top, maxScroll: maxScroll, pageRows: pageRows)
    }

    /// For a file change: the masked diff, titled with the path and host; a
    /// new empty file has no lines to diff and says so.
    static func page(_ change: FileChange, host: HostRole, summary: String, scroll: Int, width: Int, height: Int) -> DiffPage {
        var suffix = " on \(host.badge)"
        if change.createsFile { suffix += " (new file)" }
        if change.removesFile { suffix += " (removed)" }
        // The path gives way from its start; the host never does.
        let title = leftTruncated(change.path, to: max(1, width - suffix.count)) + suffix
        return page(change.displayDiff, title: title, summary: summary, scroll: scroll, width: width, height: height,
                    emptyMessage: change.createsFile ? "A new, empty file." : "The file stays as it is.")
    }

    // MARK: - Rows

    static func rows(_ diff: UnifiedDiff, width: Int) -> [PaneLine] {
        let largest = diff.lines.compactMap { max($0.oldNumber ?? 0, $0.newNumber ?? 0) }.max() ?? 0
        let digits = max(1, String(largest).count)
        // old number, space, new number, space, mark, space
        let gutter = digits * 2 + 4
        let textWidth = max(1, width - gutter)
        var out: [PaneLine] = []
        for line in diff.lines {
            switch line.kind {
            case .hunkHeader:
                out.append(PaneLine(line.text.truncated(to: width), .diffHunk))
            case .noNewlineMarker:
                out.append(PaneLine(String(repeating: " ", count: gutter) + line.text, .dim))
            case .context, .removed, .added:
                let (mark, style): (String, Style) = switch line.kind {
                case .removed: ("-", .diffRemoved)
                case .added: ("+", .diffAdded)
                default: (" ", .normal)
                }
                let numbers = number(line.oldNumber, digits) + " " + number(line.newNumber, digits) + " "
                let text = expandTabs(line.text, tabWidth: textWidth >= 72 ? 8 : 4)
                // Changed lines wrap so every character can be reviewed;
                // context only places them and is cut to one row.
                let pieces = line.kind == .context ? [text.truncated(to: textWidth)] : wrap(text, width: textWidth)
                for (index, piece) in pieces.enumerated() {
                    let lead = index == 0 ? numbers : String(repeating: " ", count: numbers.count)
                    out.append(PaneLine([
                        .init(text: lead, style: .dim),
                        .init(text: mark + " " + piece, style: style),
                    ]))
                }
            }
        }
        return out
    }

    private static func number(_ value: Int?, _ digits: Int) -> String {
        let text = value.map(String.init) ?? ""
        return String(repeating: " ", count: max(0, digits - text.count)) + text
    }

    /// Tab stops every 8 columns as in an editor, or every 4 in a narrow
    /// pane, where the sample's deep comment indentation would otherwise
    /// push the text off the row.
    static func expandTabs(_ text: String, tabWidth: Int = 8) -> String {
        var out = ""
        var column = 0
        for character in text {
            if character == "\t" {
                let spaces = tabWidth - column % tabWidth
                out += String(repeating: " ", count: spaces)
                column += spaces
            } else {
                out.append(character)
                column += character.displayWidth
            }
        }
        return out
    }

    /// Hard wrap at `width` columns: configuration text has no words to
    /// break at, and every character counts.
    static func wrap(_ text: String, width: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        var used = 0
        for character in text {
            let w = character.displayWidth
            if used + w > width && !current.isEmpty {
                pieces.append(current)
                current = ""
                used = 0
            }
            current.append(character)
            used += w
        }
        pieces.append(current)
        return pieces
    }

    /// Paths keep their end, the part that names the file.
    static func leftTruncated(_ text: String, to width: Int) -> String {
        guard text.displayWidth > width else { return text }
        var kept = ""
        var used = 1
        for character in text.reversed() {
            if used + character.displayWidth > width { break }
            kept.insert(character, at: kept.startIndex)
            used += character.displayWidth
        }
        return "~" + kept
    }

    private static func position(top: Int, shown: Int, total: Int, width: Int) -> String {
        guard total > 0 else { return "" }
        let range = shown > 0 ? "lines \(top + 1)-\(top + shown) of \(total)" : "\(total) lines"
        let hint = total > shown ? (top + shown < total ? "  PgDn for more" : "  PgUp for more above") : ""
        return (range + hint).truncated(to: width)
    }
}
