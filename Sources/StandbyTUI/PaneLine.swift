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
}
