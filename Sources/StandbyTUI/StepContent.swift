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
        case .command(let command):
            lines.append(.blank)
            if app.runtime != nil, let live = app.liveCommand {
                appendLiveCommand(live, width: width)
            } else if app.runtime != nil {
                lines += PaneLine.wrapped("This step needs answers that are still missing; go back and fill them in.",
                                          width: width, style: .warning)
            } else {
                appendCommand(command, step: step, values: values, width: width)
                appendNotYetRun(width: width)
            }
        case .edit(let edit):
            lines.append(.blank)
            appendEdit(edit, step: step, values: values, width: width)
            appendNotYetRun(width: width)
        case .gate(let gate) where app.runtime != nil:
            lines.append(.blank)
            appendLiveGate(gate, app: app, step: step, width: width)
        case .gate(let gate):
            lines.append(.blank)
            lines.append(PaneLine("The wizard will watch the server log for:", .label))
            for signal in gate.expect { lines.append(PaneLine("  - " + signal.explanation, .code)) }
            lines += PaneLine.wrapped("It gives up after \(gate.timeoutSeconds) seconds and shows the lines that explain why.", width: width)
            appendNotYetRun(width: width)
        case .verify(let verify) where app.runtime != nil:
            if let results = app.runtime?.verifications[step.id] {
                // Results replace the explanation: the verdict must be in
                // view without scrolling.
                lines = []
                appendVerification(verify, results: results, width: width)
            } else {
                lines.append(.blank)
                appendVerification(verify, results: nil, width: width)
            }
        case .verify(let verify):
            lines.append(.blank)
            lines.append(PaneLine("Checks:", .label))
            for check in verify.checks { lines.append(PaneLine("  - " + check.explanation, .code)) }
            appendNotYetRun(width: width)
        }
    }

    private mutating func appendLiveCommand(_ live: CommandStep, width: Int) {
        lines.append(PaneLine("Runs on \(live.plan.host.badge) as \(live.plan.userShown):", .label))
        lines += PaneLine.shellCommand(live.plan.shownCommand, wrapWidth: width - 6, prompt: "$ ")
        if let note = live.plan.service?.explanation {
            lines += PaneLine.wrapped(note, width: width, style: .dim)
        }
        lines.append(.blank)
        lines += PaneLine.wrapped(live.plan.destructive
            ? "Enter asks before it runs; this step changes data on disk, so only y runs it."
            : "Enter asks before it runs; its output appears here as it comes.", width: width, style: .dim)
    }

    private mutating func appendLiveGate(_ action: GateAction, app: WizardApp, step: ScreenDefinition, width: Int) {
        guard let gate = app.liveGate else {
            let why = app.runtime?.gateProblems[step.id] ?? "no log to read"
            lines += PaneLine.wrapped("The log cannot be checked here: \(why).", width: width, style: .warning)
            lines += PaneLine.wrapped("Check it by hand; o lets you continue, and that is recorded.", width: width, style: .dim)
            return
        }
        if app.live.showLogRegion {
            lines = GateView.region(gate.regionLines, dropped: gate.regionLinesDropped, width: width)
            return
        }
        lines += GateView(location: gate.location, expect: action.expect, seen: gate.evaluator.signalsSeen,
                          verdict: gate.verdict(), stepTitles: app.stepTitles).lines(width: width)
    }

    private mutating func appendVerification(_ verify: VerifyAction, results: [Verification.Result]?, width: Int) {
        guard let results else {
            lines.append(PaneLine("Enter runs these checks:", .label))
            for check in verify.checks { lines.append(PaneLine("  [ ] " + check.explanation, .normal)) }
            return
        }
        lines.append(results.allSatisfy(\.passed)
            ? PaneLine("Passed: the standby follows the primary.", .ok)
            : PaneLine("Not every check passed; r runs them again.", .error))
        lines.append(.blank)
        for result in results {
            lines.append(PaneLine([.init(text: result.passed ? "  [x] " : "  [!] ", style: result.passed ? .ok : .error),
                                   .init(text: result.check.explanation.truncated(to: width - 6), style: .normal)]))
            for detail in result.detail {
                for piece in TextWrap.wrap(detail, width: width - 6) { lines.append(PaneLine("      " + piece, .dim)) }
            }
        }
    }

    private mutating func appendNotYetRun(width: Int) {
        lines.append(.blank)
        lines += PaneLine.wrapped(
            "This version of the wizard shows this step but does not carry it out: do it by hand, then press Enter. The step is recorded as skipped.",
            width: width, style: .warning)
    }

    private mutating func appendCommand(_ command: CommandAction, step: ScreenDefinition,
                                        values: [String: String], width: Int) {
        let user = command.runAs == .operator ? "your own user" : command.runAs.rawValue
        lines.append(PaneLine("Runs on \(step.host.badge) as \(user):", .label))
        switch command.spec {
        case .shell(let run):
            let line = Template.substitute(run, values: values, masked: [Answers.passwordName])
            lines += PaneLine.shellCommand(line, wrapWidth: width - 4, prompt: "  ")
        case .service(let operation):
            let cluster = clusterName(for: step.host, values: values)
            lines.append(PaneLine([.init(text: "  ", style: .normal),
                                   .init(text: "\(operation.rawValue) PostgreSQL \(cluster)", style: .code)]))
            lines += PaneLine.wrapped("With systemctl where systemd runs, else pg_ctlcluster or pg_ctl.", width: width, style: .dim)
        }
        if command.destructive {
            lines.append(PaneLine("This step changes data on disk; it asks before it runs.", .warning))
        }
    }

    private func clusterName(for host: HostRole, values: [String: String]) -> String {
        let prefix = host == .secondary ? "SECONDARY" : "PRIMARY"
        let version = values["\(prefix)_PG_VERSION"] ?? "?"
        let cluster = values["\(prefix)_PG_CLUSTER"] ?? "?"
        return cluster.hasPrefix("/") ? "\(version) in \(cluster)" : "\(version)/\(cluster)"
    }

    private mutating func appendEdit(_ edit: EditAction, step: ScreenDefinition,
                                     values: [String: String], width: Int) {
        lines.append(PaneLine("Edits \(edit.file.displayName) on \(step.host.badge):", .label))
        for setting in edit.settings {
            let value = Template.substitute(setting.value, values: values, masked: [Answers.passwordName])
            let text = "\(setting.name) = \(value)"
            lines.append(PaneLine([.init(text: "  ", style: .normal), .init(text: text.truncated(to: width - 2), style: .code)]))
        }
        for rule in edit.hbaRules {
            let fields = [rule.type, rule.database, rule.user, rule.address, rule.method]
                .map { Template.substitute($0, values: values) }
            let text = fields.joined(separator: "  ")
            lines.append(PaneLine([.init(text: "  ", style: .normal), .init(text: text.truncated(to: width - 2), style: .code)]))
        }
        lines += PaneLine.wrapped("You will see the change as a diff before anything is written.", width: width, style: .dim)
    }

    /// A host form, when this machine is that host: what is really there.
    private mutating func appendSurvey(of form: FormAction, app: WizardApp, width: Int) {
        guard let runtime = app.runtime, let role = HostSurvey.host(ofFormFields: form.fields),
              app.state.role == nil || app.state.role == role else { return }
        // What is typed counts as soon as it is valid, before Continue.
        let answers = app.form?.merged(into: app.state.answers) ?? app.state.answers
        let found = runtime.survey(of: role, answers: answers)
        guard !found.isEmpty else { return }
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
        case .sourceQuery: "a query on the standby returns the primary's data"
        case .archiving: "a WAL file the primary closes reaches the archive"
        case .receiving: "the standby's WAL receiver streams from the primary"
        }
    }
}
