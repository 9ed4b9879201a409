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

    /// A command line as the operator reads it, whole: wrapped between
    /// shell words with a trailing backslash, so a continuation cannot
    /// pass for a second command and copying it by hand gives the same
    /// command. `width` is the pane's; rows are indented under the prompt.
    /// A word wider than a row goes on under a `> ` (the shell's own
    /// prompt for an unfinished line), never with a backslash.
    static func shellCommand(_ text: String, width: Int, prompt: String = "$ ") -> [PaneLine] {
        let indent = 4
        let rows = ShellWrap.wrap(text, width: max(8, width - indent))
        return rows.enumerated().map { i, row in
            let last = i == rows.count - 1
            let gutter = i == 0 ? prompt : row.insideWord ? "  > " : String(repeating: " ", count: indent)
            let tail = last || row.wordGoesOn ? "" : " \\"
            return PaneLine([.init(text: gutter, style: row.insideWord ? .dim : .normal), .init(text: row.text + tail, style: .code)])
        }
    }
}
