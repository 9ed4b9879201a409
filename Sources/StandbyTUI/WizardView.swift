import StandbyCore

/// Draws the whole wizard for the app's state. Pure: the same state and
/// size always give the same frame, which is what golden tests rely on.
public enum WizardView {
    public static func render(_ app: WizardApp) -> Frame {
        var frame = Frame(size: app.size)
        if app.isTooSmall {
            drawTooSmall(&frame)
            return frame
        }
        let layout = app.layout
        drawHeader(&frame, app: app, layout: layout)
        drawChrome(&frame, layout: layout)
        drawStepList(&frame, app: app, layout: layout)
        drawPane(&frame, app: app, layout: layout)
        drawHints(&frame, app: app, layout: layout)
        switch app.overlay {
        case .none: break
        case .help(let scroll): OverlayView.drawHelp(&frame, app: app, scroll: scroll)
        case .confirmQuit(let yes): OverlayView.drawConfirmQuit(&frame, app: app, yesFocused: yes)
        }
        return frame
    }

    static func drawTooSmall(_ frame: inout Frame) {
        let size = frame.size
        let message = "terminal too small (needs \(WizardApp.minimumSize), have \(size))"
        let lines = TextWrap.wrap(message, width: size.width).map { ($0, Style.error) }
            + TextWrap.wrap("Enlarge the window, or press q to quit.", width: size.width).map { ($0, Style.normal) }
        let top = max(0, (size.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let col = max(0, (size.width - line.0.displayWidth) / 2)
            frame.put(line.0, row: top + i, col: col, style: line.1)
        }
    }

    private static func drawHeader(_ frame: inout Frame, app: WizardApp, layout: WizardLayout) {
        frame.fill(Rect(row: 0, col: 0, width: app.size.width, height: 1), style: .header)
        frame.put(" standby-wizard: PostgreSQL hot standby", row: 0, col: 0, style: .header)
        let steps = app.steps
        if !steps.isEmpty {
            let index = app.walkthrough.currentIndex(in: app.state)
            let counter = "Step \(index + 1) of \(steps.count) "
            frame.put(counter, row: 0, col: app.size.width - counter.displayWidth, style: .header)
        }
    }

    private static func drawChrome(_ frame: inout Frame, layout: WizardLayout) {
        frame.box(layout.frameBox)
        let sep = layout.separatorCol
        frame.verticalLine(row: layout.frameBox.row + 1, col: sep, height: layout.frameBox.height - 2)
        frame.line(.teeDown, row: layout.frameBox.row, col: sep)
        frame.line(.teeUp, row: layout.frameBox.bottom, col: sep)
        frame.horizontalLine(row: layout.paneRuleRow, col: sep + 1, width: layout.frameBox.right - sep - 1)
        frame.line(.teeRight, row: layout.paneRuleRow, col: sep)
        frame.line(.teeLeft, row: layout.paneRuleRow, col: layout.frameBox.right)
    }

    /// `[x]` done, `[-]` skipped, `[!]` failed, `[ ]` pending; the current
    /// step also gets `>` and reverse video, so marks read without colour.
    private static func drawStepList(_ frame: inout Frame, app: WizardApp, layout: WizardLayout) {
        let steps = app.steps
        let rect = layout.listRect
        guard !steps.isEmpty else { return }
        let current = app.walkthrough.currentIndex(in: app.state)
        // Keep the current step in view, a little below the top.
        let first = max(0, min(current - rect.height / 3, steps.count - rect.height))
        for (offset, step) in steps.dropFirst(first).prefix(rect.height).enumerated() {
            let index = first + offset
            let mark: String
            switch app.state.status(of: step.id) {
            case .done: mark = "[x]"
            case .skipped: mark = "[-]"
            case .failed: mark = "[!]"
            case .pending: mark = "[ ]"
            }
            let isCurrent = index == current
            let host: String
            switch step.host {
            case .primary: host = "P"
            case .secondary: host = "S"
            case .local: host = " "
            }
            var line: String
            if layout.folded {
                // Folded to its marks: the letter inside the brackets.
                line = (isCurrent ? ">" : " ") + String(mark.dropFirst().prefix(1)) + host
            } else {
                let prefix = "\(isCurrent ? ">" : " ")\(mark) \(host) "
                line = prefix + step.title.truncated(to: rect.width - prefix.count - 1)
            }
            line += String(repeating: " ", count: max(0, rect.width - line.displayWidth))
            let style: Style = isCurrent ? .stepCurrent : (app.state.status(of: step.id) == .pending ? .normal : .dim)
            frame.put(line, row: rect.row + offset, col: rect.col, style: style, maxWidth: rect.width)
        }
        let (up, down) = layout.folded ? ("^", "v") : ("^ more", "v more")
        if first > 0 { frame.put(up, row: rect.row - 1, col: rect.col + 1, style: .dim) }
        if first + rect.height < steps.count {
            frame.put(down, row: rect.bottom + 1, col: rect.col + 1, style: .dim)
        }
    }

    private static func drawPane(_ frame: inout Frame, app: WizardApp, layout: WizardLayout) {
        guard let step = app.currentStep else { return }
        let body = layout.bodyRect
        let badge = "[\(step.host.badge)]"
        let titleWidth = body.width - badge.count - 1
        frame.put(step.title.truncated(to: titleWidth), row: layout.paneTitleRow, col: body.col, style: .title)
        frame.put(badge, row: layout.paneTitleRow, col: body.right - badge.count + 1, style: .badge)

        // Status lines (a message, the entry line) wrap over the bottom
        // rows: half a message sends the operator guessing.
        let status = statusLines(app, width: body.width)
        let contentRows = body.height - max(1, status.count)

        if let command = app.driver?.command, command.showsOutput {
            let outputRect = Rect(row: body.row, col: body.col, width: body.width, height: body.height - max(1, status.count))
            var content = OutputPaneView.Content(command, run: app.executor.runs[command.stepID], now: app.clock(),
                                                 scrollBack: app.live.outputScroll, stepTitles: app.stepTitles)
            content.commandScroll = app.scroll
            OutputPaneView.draw(content, into: &frame, rect: outputRect)
            drawStatus(&frame, status, app: app, layout: layout)
            return
        }
        if let edit = app.driver?.edit {
            drawEdit(&frame, app: app, layout: layout, edit: edit, step: step, status: status)
            return
        }
        let content = StepContent(app: app, width: body.width)
        let rows = contentRows
        let maxScroll = max(0, content.lines.count - rows)
        var top = min(app.scroll, maxScroll)
        if let focus = content.focusLine, let block = content.formBlock {
            top = formTop(lines: content.lines, block: block, focus: focus, rows: rows, scrolledUp: app.scroll)
        }
        for (offset, line) in content.lines.dropFirst(top).prefix(rows).enumerated() {
            var col = body.col
            for segment in line.segments {
                col += frame.put(segment.text, row: body.row + offset, col: col, style: segment.style,
                                 maxWidth: body.right - col + 1)
            }
            if let cursor = line.cursorColumn, app.overlay == .none {
                frame.cursor = Position(row: body.row + offset, col: body.col + cursor)
            }
        }
        if !status.isEmpty {
            drawStatus(&frame, status, app: app, layout: layout)
        } else if maxScroll > 0 {
            let more: String
            if content.formBlock != nil {
                more = top > 0 ? "-- PgUp: the text above; F1 all of it --" : ""
            } else {
                more = top < maxScroll ? "-- more below: PgDn --" : "-- end: PgUp for more above --"
            }
            frame.put(more, row: layout.statusRow, col: body.right - more.count + 1, style: .dim)
        }
    }

    /// Where a form's view starts. A form that fits opens at its first
    /// line. One that does not keeps its fields, buttons and the focused
    /// field's help in view, starting at a paragraph rather than in the
    /// middle of a sentence; PgUp (`scrolledUp` rows) brings the text above
    /// back. A form too long even for that keeps the focused row in view.
    static func formTop(lines: [PaneLine], block: ClosedRange<Int>, focus: Int, rows: Int, scrolledUp: Int) -> Int {
        guard lines.count > rows else { return 0 }
        let maxScroll = lines.count - rows
        var top: Int
        if block.count <= rows {
            let needed = max(0, block.upperBound - rows + 1)
            let paragraph = (needed...block.lowerBound).first { index in
                index == 0 || (lines[index - 1] == .blank && lines[index] != .blank)
            }
            top = paragraph ?? needed
        } else {
            top = max(0, focus - rows / 2)
        }
        // The focused row always in view.
        top = min(top, focus)
        top = max(top, focus - rows + 1)
        // A paragraph start may leave blank rows under the form: better
        // than a first row in mid-sentence.
        return max(0, min(max(maxScroll, top), top - max(0, scrolledUp)))
    }

    /// An edit step: the diff of the file in view (Tab for the next), or why
    /// there is no diff.
    private static func drawEdit(_ frame: inout Frame, app: WizardApp, layout: WizardLayout,
                                 edit: EditDriver, step: ScreenDefinition, status: [PaneLine]) {
        let body = layout.bodyRect
        let status = status.isEmpty ? PaneLine.wrapped(keyLine(app.keyContext), width: body.width, style: .dim) : status
        let height = body.height - max(1, status.count) + 1
        var lines: [PaneLine]
        let text = { PaneLine.wrapped(Template.substitute(step.text, values: app.templateValues, masked: [Answers.passwordName]),
                                      width: body.width) }
        if case .drifted(_, let drifts) = edit.phase, let drift = drifts.first {
            lines = DiffView.page(drift.whatChanged, title: "Changed on disk since shown: \(drift.path)",
                                  summary: "r plans again over the file as it is now", scroll: app.scroll,
                                  shift: app.live.diffShift, width: body.width, height: height - 1).lines
        } else if let plan = edit.shownPlan, !plan.changes.isEmpty {
            let index = min(edit.fileIndex, plan.changes.count - 1)
            var summary = plan.summary.description
            switch plan.activation {
            case .restart: summary += "; needs a restart"
            case .reload: summary += "; a reload is enough"
            case nil: break
            }
            if plan.changes.count > 1 { summary += "  (file \(index + 1) of \(plan.changes.count), Tab: next)" }
            lines = DiffView.page(plan.changes[index], host: step.host, summary: summary, scroll: app.scroll,
                                  shift: app.live.diffShift, width: body.width, height: height - 1).lines
        } else if let plan = edit.shownPlan {
            lines = text()
            lines.append(.blank)
            lines.append(PaneLine(plan.summary.description, .ok))
        } else if case .unplannable(let problem) = edit.phase {
            lines = text()
            lines.append(.blank)
            lines += PaneLine.wrapped("No diff can be made: \(problem)", width: body.width, style: .error)
        } else {
            lines = text()
            lines.append(.blank)
            lines.append(PaneLine("Reading the files ...", .dim))
        }
        for (offset, line) in lines.prefix(height - 1).enumerated() {
            var col = body.col
            for segment in line.segments {
                col += frame.put(segment.text, row: body.row + offset, col: col, style: segment.style, maxWidth: body.right - col + 1)
            }
        }
        drawStatus(&frame, status, app: app, layout: layout)
    }

    /// The keys of a context in one line, as the status row offers them.
    static func keyLine(_ context: KeyContext) -> String {
        Keymap.bindings(context).compactMap { binding in binding.hint.map { "\(binding.label) \($0)" } }.joined(separator: "  ")
    }

    /// The pane's last rows: what the operator is typing, else a message,
    /// wrapped; nothing when there is neither.
    static func statusLines(_ app: WizardApp, width: Int) -> [PaneLine] {
        if let entry = app.live.entry {
            return [PaneLine([.init(text: entry.prompt, style: .label)])]
        }
        guard let message = app.message else { return [] }
        // At most half the pane: the step stays in view.
        let rows = PaneLine.wrapped(message, width: width, style: .error)
        return Array(rows.prefix(max(1, WizardLayout(size: app.size).bodyRect.height / 2)))
    }

    private static func drawStatus(_ frame: inout Frame, _ lines: [PaneLine], app: WizardApp, layout: WizardLayout) {
        let body = layout.bodyRect
        let first = layout.statusRow - lines.count + 1
        for (offset, line) in lines.enumerated() {
            var col = body.col
            for segment in line.segments {
                col += frame.put(segment.text, row: first + offset, col: col, style: segment.style, maxWidth: body.right - col + 1)
            }
        }
        if let entry = app.live.entry {
            let used = entry.prompt.displayWidth
            let width = body.width - used
            let (shown, cursor) = app.live.field.visible(width: max(1, width - 1), masked: false)
            frame.put(shown, row: layout.statusRow, col: body.col + used, style: .inputFocus, maxWidth: width)
            frame.cursor = Position(row: layout.statusRow, col: body.col + used + cursor)
        }
    }

    /// The hint bar: the keymap's rows for where the operator is.
    private static func drawHints(_ frame: inout Frame, app: WizardApp, layout: WizardLayout) {
        let hints = Keymap.bindings(app.keyContext).compactMap { binding in binding.hint.map { (binding.label, $0) } }
        var col = 1
        for (key, label) in hints {
            guard col + key.count + label.count + 2 < app.size.width else { break }
            col += frame.put(key, row: layout.hintRow, col: col, style: .hintKey)
            col += frame.put(" " + label + "  ", row: layout.hintRow, col: col, style: .hint)
        }
    }
}
