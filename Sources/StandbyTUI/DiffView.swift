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
    /// Columns the text is moved left (clamped), and the most it may be.
    var shift: Int = 0
    var maxShift: Int = 0
}

/// Turns a unified diff into the step pane's lines: old and new line
/// numbers, `-` / `+` marks, styles for colour (and for bold and reverse on
/// monochrome). Pure, like the rest of the view: the same input always
/// gives the same lines. A line wider than the pane keeps one row, so old
/// and new lines stay side by side in order, and ends in a `>` marker: the
/// cut-off part of a value is exactly what the operator must review, so
/// Right moves the text sideways (a `<` then marks what is off to the left).
enum DiffView {
    static func page(_ diff: UnifiedDiff, title: String, summary: String, scroll: Int, shift: Int = 0, width: Int, height: Int,
                     emptyMessage: String = "The file stays as it is.") -> DiffPage {
        let width = max(10, width)
        let header = [PaneLine(leftTruncated(title, to: width), .title)] + PaneLine.wrapped(summary, width: width, style: .label)
        let widest = diff.isEmpty ? 0 : widestText(diff, width: width)
        let textWidth = diff.isEmpty ? width : max(1, width - gutter(diff))
        let maxShift = max(0, widest - textWidth + 1)
        let shift = min(max(0, shift), maxShift)
        let body = diff.isEmpty ? [PaneLine(emptyMessage.truncated(to: width), .dim)] : rows(diff, width: width, shift: shift)
        let pageRows = max(1, height - header.count - 1)
        let maxScroll = max(0, body.count - pageRows)
        let top = min(max(0, scroll), maxScroll)
        var lines = header
        lines += body.dropFirst(top).prefix(pageRows)
        while lines.count < header.count + pageRows { lines.append(.blank) }
        var where_ = position(top: top, shown: min(pageRows, body.count - top), total: body.count, width: width)
        if maxShift > 0 {
            let sideways = shift > 0 ? "  Left/Right: sideways (col \(shift + 1))" : "  Right: lines go on"
            if (where_ + sideways).displayWidth <= width { where_ += sideways }
        }
        lines.append(PaneLine(where_, .dim))
        return DiffPage(lines: Array(lines.prefix(max(0, height))), scroll: top, maxScroll: maxScroll, pageRows: pageRows,
                        shift: shift, maxShift: maxShift)
    }

    /// For a file change: the masked diff, titled with the path and host; a
    /// new empty file has no lines to diff and says so.
    static func page(_ change: FileChange, host: HostRole, summary: String, scroll: Int, shift: Int = 0, width: Int,
                     height: Int) -> DiffPage {
        var suffix = " on \(host.badge)"
        if change.createsFile { suffix += " (new file)" }
        if change.removesFile { suffix += " (removed)" }
        // The path gives way from its start; the host never does.
        let title = leftTruncated(change.path, to: max(1, width - suffix.count)) + suffix
        return page(change.displayDiff, title: title, summary: summary, scroll: scroll, shift: shift, width: width, height: height,
                    emptyMessage: change.createsFile ? "A new, empty file." : "The file stays as it is.")
    }

    // MARK: - Rows

    /// old number, space, new number, space, mark, space
    static func gutter(_ diff: UnifiedDiff) -> Int {
        let largest = diff.lines.compactMap { max($0.oldNumber ?? 0, $0.newNumber ?? 0) }.max() ?? 0
        return max(1, String(largest).count) * 2 + 4
    }

    static func tabWidth(textWidth: Int) -> Int { textWidth >= 72 ? 8 : 4 }

    /// The widest line's text, tabs expanded, to know how far Right goes.
    static func widestText(_ diff: UnifiedDiff, width: Int) -> Int {
        let tabs = tabWidth(textWidth: width - gutter(diff))
        return diff.lines.filter { [.context, .removed, .added].contains($0.kind) }
            .map { expandTabs($0.text, tabWidth: tabs).displayWidth }.max() ?? 0
    }

    static func rows(_ diff: UnifiedDiff, width: Int, shift: Int = 0) -> [PaneLine] {
        let digits = (gutter(diff) - 4) / 2
        let gutter = gutter(diff)
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
                let text = expandTabs(line.text, tabWidth: tabWidth(textWidth: textWidth))
                var segments: [PaneLine.Segment] = [.init(text: numbers, style: .dim)]
                let (piece, left, right) = window(text, from: shift, width: textWidth)
                segments.append(.init(text: mark + " ", style: style))
                if left { segments.append(.init(text: "<", style: .warning)) }
                segments.append(.init(text: piece, style: style))
                if right { segments.append(.init(text: ">", style: .warning)) }
                out.append(PaneLine(segments))
            }
        }
        return out
    }

    /// `width` columns of `text` from column `from`; a column given up at
    /// either end marks text beyond it.
    static func window(_ text: String, from: Int, width: Int) -> (String, left: Bool, right: Bool) {
        var skipped = 0
        var rest = Substring(text)
        while skipped < from, let ch = rest.first {
            skipped += ch.displayWidth
            rest = rest.dropFirst()
        }
        let left = from > 0 && !text.isEmpty
        let room = width - (left ? 1 : 0)
        guard String(rest).displayWidth > room else { return (String(rest), left, false) }
        var out = ""
        var used = 0
        for ch in rest {
            if used + ch.displayWidth > room - 1 { break }
            out.append(ch)
            used += ch.displayWidth
        }
        return (out, left, true)
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
