/// The lines of boxes, named so each backend can draw them its own way
/// (ACS on ncurses, ASCII or Unicode in text dumps).
public enum LineGlyph: Sendable, Equatable {
    case horizontal, vertical
    case topLeft, topRight, bottomLeft, bottomRight
    case teeDown, teeUp, teeRight, teeLeft
}

public enum CellContent: Sendable, Equatable {
    case text(Character)
    case line(LineGlyph)
    /// The right half of a double-width character drawn in the cell before.
    case continuation
}

public struct Cell: Sendable, Equatable {
    public var content: CellContent
    public var style: Style
    public static let blank = Cell(content: .text(" "), style: .normal)
}

public struct TerminalSize: Sendable, Equatable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
    public var description: String { "\(width)x\(height)" }
}

public struct Position: Sendable, Equatable {
    public var row: Int, col: Int
    public init(row: Int, col: Int) {
        self.row = row
        self.col = col
    }
}

public struct Rect: Sendable, Equatable {
    public var row: Int, col: Int, width: Int, height: Int
    public init(row: Int, col: Int, width: Int, height: Int) {
        self.row = row
        self.col = col
        self.width = width
        self.height = height
    }
    public var bottom: Int { row + height - 1 }
    public var right: Int { col + width - 1 }
}

/// One full picture of the terminal. Views draw into a frame; a Screen shows
/// it. Everything outside the frame is clipped, so a view can never write
/// past the edge whatever the text.
public struct Frame: Sendable, Equatable {
    public let size: TerminalSize
    public private(set) var cells: [Cell]
    /// Where the terminal cursor shows (the focused input); nil hides it.
    public var cursor: Position?

    public init(size: TerminalSize) {
        self.size = size
        cells = Array(repeating: .blank, count: max(0, size.width) * max(0, size.height))
    }

    public subscript(row: Int, col: Int) -> Cell {
        get { cells[row * size.width + col] }
        set {
            guard row >= 0, row < size.height, col >= 0, col < size.width else { return }
            cells[row * size.width + col] = newValue
        }
    }

    /// Writes `text` from (row, col), at most `maxWidth` columns, and returns
    /// the columns used. Control characters become `?`: nothing a variable
    /// holds may move the cursor or change the terminal.
    @discardableResult
    public mutating func put(_ text: String, row: Int, col: Int, style: Style, maxWidth: Int? = nil) -> Int {
        guard row >= 0, row < size.height else { return 0 }
        let limit = min(maxWidth ?? Int.max, size.width - col)
        var used = 0
        for character in text {
            let shown = character.isDisplaySafe ? character : "?"
            let width = shown.displayWidth
            if width == 0 { continue }
            if used + width > limit { break }
            self[row, col + used] = Cell(content: .text(shown), style: style)
            if width == 2 { self[row, col + used + 1] = Cell(content: .continuation, style: style) }
            used += width
        }
        return used
    }

    public mutating func fill(_ rect: Rect, style: Style) {
        for r in rect.row...max(rect.row, rect.bottom) where rect.height > 0 {
            for c in rect.col...max(rect.col, rect.right) where rect.width > 0 {
                self[r, c] = Cell(content: .text(" "), style: style)
            }
        }
    }

    public mutating func line(_ glyph: LineGlyph, row: Int, col: Int, style: Style = .border) {
        self[row, col] = Cell(content: .line(glyph), style: style)
    }

    public mutating func horizontalLine(row: Int, col: Int, width: Int, style: Style = .border) {
        for c in col..<(col + max(0, width)) { line(.horizontal, row: row, col: c, style: style) }
    }

    public mutating func verticalLine(row: Int, col: Int, height: Int, style: Style = .border) {
        for r in row..<(row + max(0, height)) { line(.vertical, row: r, col: col, style: style) }
    }

    public mutating func box(_ rect: Rect, style: Style = .border) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        horizontalLine(row: rect.row, col: rect.col + 1, width: rect.width - 2, style: style)
        horizontalLine(row: rect.bottom, col: rect.col + 1, width: rect.width - 2, style: style)
        verticalLine(row: rect.row + 1, col: rect.col, height: rect.height - 2, style: style)
        verticalLine(row: rect.row + 1, col: rect.right, height: rect.height - 2, style: style)
        line(.topLeft, row: rect.row, col: rect.col, style: style)
        line(.topRight, row: rect.row, col: rect.right, style: style)
        line(.bottomLeft, row: rect.bottom, col: rect.col, style: style)
        line(.bottomRight, row: rect.bottom, col: rect.right, style: style)
    }
}
