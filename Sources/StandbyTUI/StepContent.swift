import Foundation
import StandbyCore

/// The step pane's lines for the current step: its explanation, then what
/// its action will do, then (for forms) the fields.
struct StepContent {
    var lines: [PaneLine] = []
    /// The line the view must keep visible (the focused form row).
    var focusLine: Int?
    /// The form's lines, from the first field to the field help: kept in
    /// view whole when it fits, at the cost of the text above.
    var formBlock: ClosedRange<Int>?

    init(app: WizardApp, width: Int) {
        guard let step = app.currentStep else {
            lines = [PaneLine("No steps apply to these answers.", .warning)]
            return
        }
        let values = app.templateValues
        let masked: Set<String> = [Answers.passwordName]
        let text = Template.substitute(step.text, values: values, masked: masked)
        lines = PaneLine.wrapped(text, width: width)
        switch step.action {
        case .info:
            break
        case .form(let action):
            // Above the fields: on a console the form's help fills the
            // rows below them.
            appendSurvey(of: action, app: app, width: width)
            if let form = app.form {
                lines.append(.blank)
                appendForm(form, answers: app.state.answers, width: width)
            }
        case .command:
            lines.append(.blank)
            switch app.driver?.command?.phase {
            case .unplannable(let why)?:
                lines += PaneLine.wrapped("This step cannot be built yet: \(why). Go back and fill in what is missing.",
                                          width: width, style: .warning)
            default:
                if let command = app.driver?.command {
                    appendGuard(command, width: width)
                    if let plan = command.plan { appendLiveCommand(plan, width: width) }
                }
            }
        case .edit:
            break
        case .gate(let gate):
            lines.append(.blank)
            appendLiveGate(gate, app: app, step: step, width: width)
        case .verify(let verify):
            let driver = app.driver?.verify
            if let results = driver?.results {
                // Results replace the explanation: the verdict must be in
                // view without scrolling.
                lines = []
                appendVerification(verify, results: results, width: width)
            } else if driver?.phase == .running {
                lines = []
                appendRunningChecks(verify, progress: app.executor.checkProgress(of: step.id), width: width, now: app.clock())
            } else {
                lines.append(.blank)
                appendVerification(verify, results: nil, width: width)
            }
        }
    }

    /// What the wizard found on the host before a step that cannot be
    /// taken back, above the command it guards.
    private mutating func appendGuard(_ command: CommandDriver, width: Int) {
        guard command.guardedBy != nil else { return }
        switch command.guardVerdict {
        case nil:
            lines.append(PaneLine(command.guardedBy == .standbyDataDirectory ? "Checking the data directory ..." : "Checking first ...", .dim))
        case .clear(let found)?:
            lines.append(PaneLine("Checked first:", .label))
            for line in found { lines += PaneLine.wrapped("- " + line, width: width, style: .dim) }
        case .refused(let why, let backTo)?:
            let moves = command.guardedBy == .standbyDataDirectory || command.guardedBy == .emptyCopyTarget
            lines.append(PaneLine(moves ? "Refused: nothing will be stopped or moved." : "Refused: nothing will run.", .error))
            for line in why { lines += PaneLine.wrapped(line, width: width, style: .error) }
            if backTo != nil { lines += PaneLine.wrapped("b goes back to that step and runs it again.", width: width, style: .warning) }
        case .confirm(let found, _)?:
            lines.append(PaneLine("Checked first:", .label))
            for line in found { lines += PaneLine.wrapped(line, width: width, style: .warning) }
        case .alreadyDone(let found)?:
            lines.append(PaneLine("Checked first: nothing to do; Enter goes on.", .ok))
            for line in found { lines += PaneLine.wrapped("- " + line, width: width, style: .dim) }
        }
        lines.append(.blank)
    }

    private mutating func appendLiveCommand(_ plan: CommandPlan, width: Int) {
        lines.append(PaneLine("Runs on \(plan.host.badge) as \(plan.userShown):", .label))
        lines += PaneLine.shellCommand(plan.shownCommand, width: width)
        if let note = plan.service?.explanation {
            lines += PaneLine.wrapped(note, width: width, style: .dim)
        }
        lines.append(.blank)
        lines += PaneLine.wrapped(plan.destructive
            ? "Enter asks before it runs; this step changes data on disk, so only y runs it."
            : "Enter asks before it runs; its output appears here as it comes.", width: width, style: .dim)
    }

    private mutating func appendLiveGate(_ action: GateAction, app: WizardApp, step: ScreenDefinition, width: Int) {
        guard let driver = app.driver?.gate else { return }
        switch driver.phase {
        case .settingUp:
            lines.append(PaneLine("Finding the server log ...", .dim))
            return
        case .unavailable(let why):
            lines += PaneLine.wrapped("The log cannot be checked here: \(why).", width: width, style: .warning)
            lines += PaneLine.wrapped("Check it by hand; o lets you continue, and that is recorded.", width: width, style: .dim)
            return
        case .watching:
            break
        }
        if app.live.showLogRegion, let gate = app.executor.gates[step.id] {
            lines = GateView.region(gate.regionLines, dropped: gate.regionLinesDropped, width: width)
            return
        }
        guard let location = driver.location else { return }
        lines += GateView(location: location, expect: action.expect, seen: driver.signalsSeen,
                          verdict: driver.verdict, stepTitles: app.stepTitles).lines(width: width)
    }

    /// The checks while they run: those done, the one running with what it
    /// waits for and a countdown, those to come.
    private mutating func appendRunningChecks(_ verify: VerifyAction,
                                              progress: (done: [Verification.Result], progress: CheckControl.Progress?)?,
                                              width: Int, now: Date) {
        lines.append(PaneLine("Running the checks; Esc cancels them.", .label))
        lines.append(.blank)
        let done = progress?.done ?? []
        for (index, check) in verify.checks.enumerated() {
            if index < done.count {
                let passed = done[index].passed
                appendCheck(passed ? "  [x] " : "  [!] ", markStyle: passed ? .ok : .error, check.explanation, style: .normal, width: width)
            } else if index == done.count {
                appendCheck("  [*] ", markStyle: .warning, check.explanation, style: .title, width: width)
                if let wait = progress?.progress, let deadline = wait.deadline {
                    let left = max(0, Int(deadline.timeIntervalSince(now).rounded(.up)))
                    for piece in TextWrap.wrap("waiting for \(wait.waitingFor): \(left) s left", width: width - 6) {
                        lines.append(PaneLine("      " + piece, .dim))
                    }
                }
            } else {
                appendCheck("  [ ] ", markStyle: .dim, check.explanation, style: .dim, width: width)
            }
        }
    }

    /// A check's line: its mark, then what it proves, wrapped under itself
    /// rather than cut.
    private mutating func appendCheck(_ mark: String, markStyle: Style, _ text: String, style: Style, width: Int) {
        for (index, piece) in TextWrap.wrap(text, width: max(1, width - mark.count)).enumerated() {
            lines.append(PaneLine([.init(text: index == 0 ? mark : String(repeating: " ", count: mark.count),
                                         style: index == 0 ? markStyle : .normal),
                                   .init(text: piece, style: style)]))
        }
    }

    private mutating func appendVerification(_ verify: VerifyAction, results: [Verification.Result]?, width: Int) {
        guard let results else {
            lines.append(PaneLine("Enter runs these checks:", .label))
            for check in verify.checks { appendCheck("  [ ] ", markStyle: .normal, check.explanation, style: .normal, width: width) }
            return
        }
        let passed = !results.isEmpty && results.allSatisfy(\.passed)
        let (headline, style): (String, Style) =
            if results.contains(where: { $0.failureID == Verification.cancelledID }) {
                ("Cancelled; Enter or r runs the checks again.", .warning)
            } else if verify.checks.allSatisfy(\.isPreflight) {
                passed ? ("Passed: nothing found that would stop a later step.", .ok) : ("Fix what failed first; r checks again.", .error)
            } else {
                passed ? ("Passed: the standby follows the primary.", .ok) : ("Not every check passed; r runs them again.", .error)
            }
        lines += PaneLine.wrapped(headline, width: width, style: style)
        lines.append(.blank)
        for result in results {
            appendCheck(result.passed ? "  [x] " : "  [!] ", markStyle: result.passed ? .ok : .error, result.check.explanation,
                        style: .normal, width: width)
            for detail in result.detail {
                for piece in TextWrap.wrap(detail, width: width - 6) { lines.append(PaneLine("      " + piece, .dim)) }
            }
        }
    }

    /// A host form: what its host really has, as the last survey found.
    private mutating func appendSurvey(of form: FormAction, app: WizardApp, width: Int) {
        guard let found = app.driver?.form?.findings, !found.isEmpty else { return }
        lines.append(.blank)
        lines.append(PaneLine("On this machine:", .label))
        for finding in found {
            lines += PaneLine.wrapped((finding.isProblem ? "! " : "- ") + finding.text, width: width,
                                      style: finding.isProblem ? .warning : .dim)
        }
    }

    private mutating func appendForm(_ form: FormState, answers: Answers, width: Int) {
        let labelWidth = min(24, (form.rows.map { $0.label.displayWidth }.max() ?? 15) + 2)
        let inputWidth = max(8, width - labelWidth - 2)
        let blockStart = lines.count
        defer { formBlock = blockStart...max(blockStart, lines.count - 1) }
        for (index, row) in form.rows.enumerated() {
            let focused = form.focus == index
            let field = form.fields[row.key] ?? TextField("")
            let (shown, cursor) = field.visible(width: inputWidth, masked: row.spec.isSecret)
            let padded = shown + String(repeating: " ", count: max(0, inputWidth - shown.displayWidth))
            let label = row.label.truncated(to: labelWidth - 1)
            let labelPadded = label + String(repeating: " ", count: labelWidth - label.displayWidth)
            if focused { focusLine = lines.count }
            lines.append(PaneLine([
                .init(text: labelPadded, style: focused ? .title : .label),
                .init(text: "[", style: .normal),
                .init(text: padded, style: focused ? .inputFocus : .input),
                .init(text: "]", style: .normal),
            ], cursorColumn: focused ? labelWidth + 1 + cursor : nil))
            if let error = form.shownError(row, answers: answers) {
                // The reason wraps under the input rather than being cut:
                // half a reason sends the operator guessing.
                let indent = String(repeating: " ", count: labelWidth)
                for (i, piece) in TextWrap.wrap(error, width: width - labelWidth - 2).enumerated() {
                    lines.append(PaneLine([.init(text: indent, style: .normal),
                                           .init(text: (i == 0 ? "! " : "  ") + piece, style: .error)]))
                }
            }
        }
        lines.append(.blank)
        let back = form.focus == form.backButton
        let next = form.focus == form.continueButton
        if back || next { focusLine = lines.count }
        lines.append(PaneLine([
            .init(text: String(repeating: " ", count: labelWidth), style: .normal),
            .init(text: "< Back >", style: back ? .buttonFocus : .button),
            .init(text: "   ", style: .normal),
            .init(text: "< Continue >", style: next ? .buttonFocus : .button),
        ]))
        if let row = form.focusedRow {
            lines.append(.blank)
            lines += PaneLine.wrapped(row.isConfirmation ? "Type the password again to rule out a typing mistake." : row.spec.help,
                                      width: width, style: .dim)
        }
    }
}

extension ConfigFileKind {
    var displayName: String {
        switch self {
        case .postgresqlConf: "postgresql.conf"
        case .pgHbaConf: "pg_hba.conf"
        case .recoverySettings: "the recovery settings"
        }
    }
}

extension GateSignal {
    var explanation: String {
        switch self {
        case .acceptingConnections: "ready to accept connections"
        case .standbyMode: "entering standby mode"
        case .streaming: "started streaming WAL from the primary"
        case .readOnlyConnections: "ready to accept read-only connections"
        }
    }
}

extension VerifyCheck {
    var explanation: String {
        switch self {
        case .inRecovery: "the standby reports pg_is_in_recovery()"
        case .replicationStreaming: "the primary lists the standby as streaming"
        case .writeTest: "a row written on the primary appears on the standby"
        case .sourceQuery: "a query's answer on the standby matches the primary's"
        case .archiving: "a WAL file the primary closes reaches the archive"
        case .receiving: "the standby's WAL receiver streams from the primary"
        case .lag: "the standby's lag, and the WAL kept for it"
        case .sameMajor: "both hosts run the answered major, same architecture"
        case .walSenders: "wal_level and free WAL senders on the primary"
        case .standbySettings: "the standby's limits at least the primary's"
        case .freeSpace: "room on the standby for the copy"
        case .tablespaces: "tablespace locations free on the standby"
        case .archiveWritable: "the server's account can write the archive"
        case .standbyPort: "the standby's port free once its old server stops"
        }
    }
}
