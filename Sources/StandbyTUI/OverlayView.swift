import StandbyCore

/// Boxes drawn over the wizard: help and the quit question.
enum OverlayView {
    /// The keys of the step as it is now, from the keymap the key
    /// handling uses.
    static func keyHelp(_ context: KeyContext) -> [String] {
        let rows = Keymap.bindings(context).filter { !$0.keys.isEmpty || $0.action == .typeIntoCommand }
        return rows.map { $0.label.padding(toLength: max(12, $0.label.count + 1), withPad: " ", startingAt: 0) + " " + $0.help }
            + Keymap.everywhere
    }

    static func drawHelp(_ frame: inout Frame, app: WizardApp, scroll: Int) {
        let width = min(72, frame.size.width - 4)
        var lines: [PaneLine] = []
        if let step = app.currentStep {
            let help = step.help.isEmpty ? step.text : step.help
            let text = Template.substitute(help, values: app.templateValues, masked: [Answers.passwordName])
            lines += PaneLine.wrapped(text, width: width - 4)
            lines.append(.blank)
        }
        lines.append(PaneLine("Keys", .title))
        for row in keyHelp(app.stepKeyContext) { lines += PaneLine.wrapped(row, width: width - 4) }
        let height = min(frame.size.height - 2, lines.count + 2)
        let rect = centered(width: width, height: height, in: frame.size)
        let rows = height - 2
        // When the help is longer than the box, its last row says so.
        let textRows = lines.count > rows ? rows - 1 : rows
        let top = min(scroll, max(0, lines.count - textRows))
        var visible = Array(lines.dropFirst(top).prefix(textRows))
        if lines.count > rows {
            visible.append(PaneLine(top + textRows >= lines.count ? "-- end of help --" : "-- PgDn for more --", .dim))
        }
        drawBox(&frame, rect: rect, title: " Help ", lines: visible)
    }

    static func drawConfirmQuit(_ frame: inout Frame, app: WizardApp, yesFocused: Bool) {
        let hosts = app.state.changedHosts.map(\.badge).sorted().joined(separator: " and ")
        let width = 56
        var lines = PaneLine.wrapped("Quit standby-wizard? Changes already made on \(hosts) stay as they are; the steps after them are not done.", width: width - 4)
        lines.append(.blank)
        lines.append(PaneLine([
            .init(text: String(repeating: " ", count: 12), style: .normal),
            .init(text: "< No >", style: yesFocused ? .button : .buttonFocus),
            .init(text: "    ", style: .normal),
            .init(text: "< Yes, quit >", style: yesFocused ? .buttonFocus : .button),
        ]))
        let rect = centered(width: width, height: lines.count + 2, in: frame.size)
        drawBox(&frame, rect: rect, title: " Quit? ", lines: lines)
    }

    private static func centered(width: Int, height: Int, in size: TerminalSize) -> Rect {
        Rect(row: max(0, (size.height - height) / 2), col: max(0, (size.width - width) / 2), width: width, height: height)
    }

    private static func drawBox(_ frame: inout Frame, rect: Rect, title: String, lines: [PaneLine]) {
        frame.fill(rect, style: .normal)
        frame.box(rect)
        frame.put(title, row: rect.row, col: rect.col + 2, style: .title)
        for (i, line) in lines.prefix(rect.height - 2).enumerated() {
            var col = rect.col + 2
            for segment in line.segments {
                col += frame.put(segment.text, row: rect.row + 1 + i, col: col, style: segment.style,
                                 maxWidth: rect.right - 1 - col)
            }
        }
    }
}
