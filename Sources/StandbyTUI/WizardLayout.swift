/// Where things go for a terminal size. At 80x24 the step list gets 28
/// columns and the step pane the rest; wider terminals give both more.
/// Folded, the list keeps only its marks (3 columns) and the pane gets the
/// rest: 72 columns at 80 wide, for commands, their output and diffs.
struct WizardLayout {
    let size: TerminalSize
    var folded = false

    /// The folded list: the `>` of the current step, the mark, the host.
    static let foldedListWidth = 3

    var headerRow: Int { 0 }
    var hintRow: Int { size.height - 1 }
    var frameBox: Rect { Rect(row: 1, col: 0, width: size.width, height: size.height - 2) }
    var listWidth: Int { folded ? Self.foldedListWidth : min(40, max(28, size.width * 3 / 10)) }
    var separatorCol: Int { listWidth + 1 }
    /// Step list rows, inside the box.
    var listRect: Rect { Rect(row: 2, col: 1, width: listWidth, height: frameBox.height - 2) }
    var paneTitleRow: Int { 2 }
    var paneRuleRow: Int { 3 }
    /// Step text and action, with a one-column margin each side.
    var bodyRect: Rect {
        let col = separatorCol + 2
        return Rect(row: 4, col: col, width: size.width - 2 - col, height: frameBox.bottom - 4)
    }
    var bodyRows: Int { bodyRect.height - 1 }
    /// The last body row carries messages and the scroll indicator.
    var statusRow: Int { bodyRect.bottom }
}
