/// Where frames are shown: the terminal through ncurses, or memory in tests.
public protocol Screen: AnyObject {
    var size: TerminalSize { get }
    func show(_ frame: Frame)
}

/// A screen that keeps the last frame, for snapshot tests and for the
/// screen dump. Its text form is what golden files hold.
public final class MemoryScreen: Screen {
    public var size: TerminalSize
    public private(set) var lastFrame: Frame?
    public let glyphs: GlyphSet

    public init(size: TerminalSize, glyphs: GlyphSet = .ascii) {
        self.size = size
        self.glyphs = glyphs
    }

    public func show(_ frame: Frame) {
        lastFrame = frame
    }

    /// The frame as text, trailing spaces trimmed, one line per row.
    public var text: String {
        guard let frame = lastFrame else { return "" }
        return FrameText.lines(frame, glyphs: glyphs).joined(separator: "\n")
    }

    /// Runs of non-normal styles, one line each: `row col-col style`.
    public var styleRuns: String {
        guard let frame = lastFrame else { return "" }
        return FrameText.styleRuns(frame).joined(separator: "\n")
    }
}

public enum FrameText {
    public static func lines(_ frame: Frame, glyphs: GlyphSet) -> [String] {
        (0..<frame.size.height).map { row in
            var line = ""
            for col in 0..<frame.size.width {
                switch frame[row, col].content {
                case .text(let ch): line.append(ch)
                case .line(let glyph): line.append(glyphs.character(for: glyph))
                case .continuation: break
                }
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// Border runs are left out: they are in every frame and would drown
    /// the runs that carry meaning.
    public static func styleRuns(_ frame: Frame) -> [String] {
        var runs: [String] = []
        for row in 0..<frame.size.height {
            var col = 0
            while col < frame.size.width {
                let style = frame[row, col].style
                var end = col
                while end + 1 < frame.size.width, frame[row, end + 1].style == style { end += 1 }
                if style != .normal && style != .border {
                    runs.append("\(row) \(col)-\(end) \(style.rawValue)")
                }
                col = end + 1
            }
        }
        return runs
    }
}
