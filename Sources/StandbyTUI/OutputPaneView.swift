import Foundation
import StandbyCore

/// The step pane while a command step is shown, run or finished: the exact
/// command, where and as whom it runs, its state, and the tail of its
/// output. Pure: the same content and size always draw the same lines.
public enum OutputPaneView {
    public enum Status: Sendable, Equatable {
        case ready
        case confirming(destructive: Bool)
        case running(elapsed: TimeInterval, cancelling: Bool)
        case succeeded(PtyProcess.Exit, elapsed: TimeInterval)
        case failed(PtyProcess.Exit, elapsed: TimeInterval)
        case couldNotStart(String)
        case skipped
    }

    public struct Content: Sendable {
        public var shownCommand: String
        public var host: HostRole
        public var user: String
        /// How the service is controlled here, for service steps.
        public var note: String?
        public var status: Status
        public var output: OutputBuffer
        /// Lines scrolled up from the tail; 0 follows new output.
        public var scrollBack: Int
        /// Why a failed run failed, shown above its output.
        public var diagnoses: [Diagnosis] = []
        /// Titles of steps by id, so "go back" names a step the operator saw.
        public var stepTitles: [String: String] = [:]
        /// Rows the command is scrolled, when it cannot be shown whole.
        public var commandScroll = 0
        /// What the wizard checked itself before the command, in words,
        /// shown with the question.
        public var checkedFirst: [String] = []

        public init(shownCommand: String, host: HostRole, user: String, note: String? = nil, status: Status,
                    output: OutputBuffer = OutputBuffer(maxLines: 1), scrollBack: Int = 0) {
            self.shownCommand = shownCommand
            self.host = host
            self.user = user
            self.note = note
            self.status = status
            self.output = output
            self.scrollBack = scrollBack
        }

        /// The content of a command step at `now`: the driver's state and
        /// the executor's run of it (output, timing).
        public init(_ step: CommandDriver, run: CommandRun?, now: Date = Date(), scrollBack: Int = 0,
                    stepTitles: [String: String] = [:]) {
            let elapsed = run?.elapsed(now: now) ?? 0
            let status: Status
            switch step.phase {
            case .planning, .unplannable, .ready, .awaitingWord: status = .ready
            case .confirming: status = .confirming(destructive: step.plan?.destructive ?? false)
            case .running: status = .running(elapsed: elapsed, cancelling: run?.isCancelling ?? false)
            case .succeeded(let exit): status = .succeeded(exit, elapsed: elapsed)
            case .failed(let exit): status = .failed(exit, elapsed: elapsed)
            case .couldNotStart(let why): status = .couldNotStart(why)
            case .skipped: status = .skipped
            }
            self.init(shownCommand: step.plan?.shownCommand ?? "", host: step.plan?.host ?? .local,
                      user: step.plan?.userShown ?? "", note: step.plan?.service?.explanation, status: status,
                      output: run?.buffer ?? OutputBuffer(maxLines: 1), scrollBack: scrollBack)
            if case .failed = status { diagnoses = step.diagnoses }
            self.stepTitles = stepTitles
            switch step.guardVerdict {
            case .clear(let found)?, .confirm(let found, _)?: checkedFirst = found
            default: break
            }
        }
    }

    /// Draws the pane into `rect` of `frame`.
    public static func draw(_ content: Content, into frame: inout Frame, rect: Rect) {
        for (offset, line) in lines(content, width: rect.width, height: rect.height).enumerated() {
            var col = rect.col
            for segment in line.segments {
                col += frame.put(segment.text, row: rect.row + offset, col: col, style: segment.style,
                                 maxWidth: rect.right - col + 1)
            }
        }
    }

    static func lines(_ content: Content, width: Int, height: Int) -> [PaneLine] {
        let label = PaneLine("Runs on \(content.host.badge) as \(content.user):", .label)
        // The whole command, always: what the operator answers y to is
        // never cut or elided.
        var command = PaneLine.shellCommand(content.shownCommand, width: width)
        var note = content.note.map { PaneLine.wrapped($0, width: width, style: .dim) } ?? []
        if case .confirming = content.status {
            for line in content.checkedFirst { note += PaneLine.wrapped("Checked first: " + line, width: width, style: .dim) }
        }
        var status = statusLines(content.status, width: width)
        // The explanation goes between "Failed" and the choices, and may
        // take most of the pane: the output stays one key away.
        status.insert(contentsOf: diagnosisLines(content, width: width, maxLines: max(2, height * 3 / 5)), at: min(1, status.count))
        if 1 + command.count + note.count + status.count > height {
            // Too long to show with the question under it: the command
            // scrolls in the rows left, the question stays, and a line
            // says where in the command the view is; so does the question.
            if case .confirming = content.status {
                status = PaneLine.wrapped("Longer than the pane: Up/Down shows the rest. " + (statusLines(content.status).first?.segments.first?.text ?? ""),
                                          width: width, style: .warning)
            }
            let rows = max(1, height - 2 - note.count - status.count)
            let total = command.count
            let top = min(max(0, content.commandScroll), max(0, total - rows))
            let end = min(total, top + rows)
            command = Array(command[top..<end])
            command.append(PaneLine("-- command rows \(top + 1)-\(end) of \(total); Up/Down scroll it --".truncated(to: width), .warning))
        }
        let head = [label] + command + note + status

        let rows = max(0, height - head.count - 1)
        guard rows > 0, content.output.lineCount > 0 || content.output.droppedLines > 0 else { return Array(head.prefix(height)) }
        let total = content.output.lineCount
        let back = min(max(0, content.scrollBack), max(0, total - rows))
        let end = total - back
        // Long lines wrap as a terminal would; the tail stays in view.
        var shown: [PaneLine] = []
        var start = end
        while start > 0 && shown.count < rows {
            start -= 1
            shown.insert(contentsOf: wrapOutput(content.output.line(start), width: width).map { PaneLine($0) }, at: 0)
        }
        shown = Array(shown.suffix(rows))
        var rule = String(repeating: "-", count: 2) + " output "
        if back > 0 {
            rule += "(lines \(start + 1 + content.output.droppedLines)-\(end + content.output.droppedLines), End follows) "
        } else if content.output.droppedLines > 0 {
            rule += "(\(content.output.droppedLines) earlier lines in the transcript) "
        }
        rule += String(repeating: "-", count: max(0, width - rule.count))
        return head + [PaneLine(rule, .dim)] + shown
    }

    /// An output line in rows of `width` columns, cut anywhere, as a
    /// terminal wraps it.
    static func wrapOutput(_ line: String, width: Int) -> [String] {
        guard line.displayWidth > width, width > 0 else { return [line] }
        var rows: [String] = []
        var current = ""
        var used = 0
        for ch in line {
            let w = ch.displayWidth
            if used + w > width, !current.isEmpty {
                rows.append(current)
                current = ""
                used = 0
            }
            current.append(ch)
            used += w
        }
        if !current.isEmpty { rows.append(current) }
        return rows
    }

    static func statusLines(_ status: Status, width: Int) -> [PaneLine] {
        let lines = statusLines(status)
        // Status lines wrap; the key choices are one row of their own.
        return lines.flatMap { line in
            line.segments.count == 1 ? PaneLine.wrapped(line.segments[0].text, width: width, style: line.segments[0].style) : [line]
        }
    }

    static func statusLines(_ status: Status) -> [PaneLine] {
        switch status {
        case .ready:
            return [PaneLine("Press Enter to run it; you will be asked once more.", .dim)]
        case .confirming(let destructive):
            return destructive
                ? [PaneLine("This changes data on disk. Run it? y/N", .warning)]
                : [PaneLine("Run it now? Y/n", .warning)]
        case .running(let elapsed, let cancelling):
            let tail = cancelling ? "stopping (SIGINT, then SIGTERM, then SIGKILL)" : "Ctrl-C stops it"
            return [PaneLine("Running \(clock(elapsed)) - \(tail)", .warning)]
        case .succeeded(let exit, let elapsed):
            return [PaneLine("Done: \(exit) after \(clock(elapsed)). Enter continues.", .ok)]
        case .failed(let exit, let elapsed):
            return [PaneLine("Failed: \(exit) after \(clock(elapsed)).", .error), choices]
        case .couldNotStart(let why):
            return [PaneLine("Could not start: \(why)", .error), choices]
        case .skipped:
            return [PaneLine("Skipped after a failure; recorded in the transcript.", .warning)]
        }
    }

    /// Explanation first, then where to fix it, then the evidence, which
    /// goes first when room is short: the output below shows it anyway.
    static func diagnosisLines(_ content: Content, width: Int, maxLines: Int) -> [PaneLine] {
        var lines: [PaneLine] = []
        for diagnosis in content.diagnoses {
            let room = maxLines - lines.count
            guard room > 0 else { break }
            var block = PaneLine.wrapped(diagnosis.explanation, width: width, style: .warning)
            if let step = diagnosis.backTo.first {
                // Where to fix it outranks the end of the explanation.
                if block.count >= room { block = Array(block.prefix(max(0, room - 1))) }
                block.append(PaneLine("Go back to: \(content.stepTitles[step] ?? step)".truncated(to: width), .label))
            }
            if let evidence = diagnosis.lines.last, block.count < room {
                let rows = TextWrap.wrap(evidence.replacingOccurrences(of: "\t", with: " "), width: width - 2)
                block += rows.suffix(min(2, room - block.count)).map { PaneLine("  " + $0, .code) }
            }
            lines += block.prefix(room)
        }
        return lines
    }

    private static let choices = PaneLine([
        ("r", "retry"), ("e", "edit"), ("v", "full output"), ("s", "skip"), ("q", "quit"),
    ].flatMap { key, label in
        [PaneLine.Segment(text: key, style: .hintKey), PaneLine.Segment(text: " " + label + "  ", style: .hint)]
    })

    static func clock(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds)
        return String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
