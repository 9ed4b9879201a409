import Foundation

/// The last screen of a lab exercise's walkthrough: its debrief in a box,
/// until a key. Kept apart from the wizard's own screens, which it follows
/// once they have closed.
public enum DebriefPage {
    /// The page for `lines` (already wrapped to `size.width - 4`), drawn
    /// without I/O; lines beyond the box are cut, and the last row says so.
    public static func render(title: String, lines: [String], size: TerminalSize) -> Frame {
        var frame = Frame(size: size)
        guard size.width >= 20, size.height >= 6 else {
            frame.put("Debrief: any key", row: 0, col: 0, style: .normal)
            return frame
        }
        let box = Rect(row: 0, col: 0, width: size.width, height: size.height - 1)
        frame.box(box)
        frame.put(" \(title) ", row: 0, col: 2, style: .title, maxWidth: size.width - 4)
        let room = box.height - 2
        let lines = lines.flatMap { cut($0, width: size.width - 4) }
        let shown = lines.count > room ? Array(lines.prefix(room - 1)) + ["… (the rest is printed when the screen closes)"] : lines
        for (index, line) in shown.enumerated() {
            frame.put(line, row: 1 + index, col: 2, style: index == 0 ? .header : .normal, maxWidth: size.width - 4)
        }
        frame.put(" any key closes; the debrief stays printed on the terminal", row: size.height - 1, col: 0, style: .hint)
        return frame
    }

    /// A line too long for the box (a command) goes on in the next rows,
    /// indented under its start, rather than being cut off.
    static func cut(_ line: String, width: Int) -> [String] {
        guard line.count > width, width > 12 else { return [line] }
        let indent = String(repeating: " ", count: line.prefix { $0 == " " }.count + 2)
        var rows = [String(line.prefix(width))]
        var rest = line.dropFirst(width)
        while !rest.isEmpty {
            let take = width - indent.count
            rows.append(indent + rest.prefix(take))
            rest = rest.dropFirst(take)
        }
        return rows
    }

    /// Shows the page on the terminal until a key is pressed. `wrap` gives
    /// the lines for a width, so a resized terminal gets them again.
    public static func show(title: String, options: TerminalOptions, wrap: (Int) -> [String]) throws {
        let terminal = try NcursesTerminal(options: options)
        defer { terminal.close() }
        var size = terminal.size
        terminal.show(render(title: title, lines: wrap(size.width - 4), size: size))
        while true {
            guard let key = terminal.readKey() else { continue }
            if case .resize(let newSize) = key {
                size = newSize
                terminal.show(render(title: title, lines: wrap(size.width - 4), size: size))
                continue
            }
            return
        }
    }
}
