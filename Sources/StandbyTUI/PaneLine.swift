/// A line of the step pane: styled pieces, and where the cursor sits when
/// this line holds the focused input.
struct PaneLine: Equatable {
    struct Segment: Equatable {
        var text: String
        var style: Style
    }

    var segments: [Segment]
    var cursorColumn: Int?

    init(_ segments: [Segment], cursorColumn: Int? = nil) {
        self.segments = segments
        self.cursorColumn = cursorColumn
    }

    init(_ text: String, _ style: Style = .normal) {
        self.init([Segment(text: text, style: style)])
    }

    static let blank = PaneLine("")

    static func wrapped(_ text: String, width: Int, style: Style = .normal) -> [PaneLine] {
        TextWrap.wrap(text, width: width).map { PaneLine($0, style) }
    }

    /// A command line as the operator reads it: wrapped shell-style with a
    /// trailing backslash, so a continuation cannot pass for a second
    /// command. Beyond `maxLines` the middle gives way to "...", keeping the
    /// start and the end in view.
    static func shellCommand(_ text: String, wrapWidth: Int, prompt: String, maxLines: Int = .max) -> [PaneLine] {
        let pieces = TextWrap.wrap(text, width: wrapWidth)
        let limit = max(1, maxLines)
        let shown = pieces.count <= limit ? pieces : Array(pieces.prefix(limit - 1)) + ["... " + (pieces.last ?? "")]
        return shown.enumerated().map { i, piece in
            let text = i < shown.count - 1 ? piece + " \\" : piece
            return PaneLine([.init(text: i == 0 ? prompt : "    ", style: .normal), .init(text: text, style: .code)])
        }
    }
}
