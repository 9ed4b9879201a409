import Foundation

/// The walkthrough without a screen: the same steps, commands, edits, gates
/// and checks, decided by the answers file alone, reported as plain lines.
/// It stops at the first step that does not succeed.
public struct UnattendedRun {
    public enum Outcome: Equatable, Sendable {
        case verified
        /// Every step of a one-host walkthrough (`--role`) without checks
        /// of its own passed; the other host's part proves the result.
        case finished(HostRole)
        /// `diagnoses` names what explains the stop: FailureCatalog ids,
        /// or the names of verification checks that failed.
        case stopped(stepID: String, reason: String, diagnoses: [String])
    }

    public var walkthrough: Walkthrough
    public var state: WalkthroughState
    public var facts: HostFacts
    public var transcript: Transcript?
    public var serviceOverride: ServiceMethod?
    public var logOverrides: [HostRole: String] = [:]
    public var report: (String) -> Void

    public init(walkthrough: Walkthrough, state: WalkthroughState, facts: HostFacts = .detect(),
                transcript: Transcript?, serviceOverride: ServiceMethod? = nil, report: @escaping (String) -> Void) {
        self.walkthrough = walkthrough
        var filled = state
        // Unanswered variables take the form's defaults, as the form would.
        for spec in VariableCatalog.inputs where filled.answers[spec.name] == nil {
            if let value = spec.defaultValue { filled.answers[spec.name] = value }
        }
        self.state = filled
        self.facts = facts
        self.transcript = transcript
        self.serviceOverride = serviceOverride
        self.report = report
    }

    var values: [String: String] {
        DerivedVariables.templateValues(state.answers, mode: state.mode, facts: facts)
    }

    public func run() -> Outcome {
        let steps = walkthrough.visibleSteps(in: state)
        var pendingGate: LogGate?
        var verified = false
        for (index, step) in steps.enumerated() {
            report("[\(index + 1)/\(steps.count)] \(step.title) (\(step.host.badge))")
            do {
                switch step.action {
                case .info:
                    break
                case .form(let form):
                    try checkAnswers(form.fields)
                    reportSurvey(form.fields)
                case .command(let command):
                    // The gate right after a command must know where the log
                    // stood before the command made the server write.
                    if let next = walkthrough.gate(following: step, in: steps), case .gate(let gate) = next.action {
                        pendingGate = try GateFactory.make(for: next, action: gate, values: values, logOverride: logOverrides[next.host])
                    }
                    try runCommand(command, step: step, serverLog: pendingGate)
                case .edit:
                    try applyEdit(step)
                case .gate(let gate):
                    let logGate = try pendingGate ?? GateFactory.make(for: step, action: gate, values: values, logOverride: logOverrides[step.host])
                    pendingGate = nil
                    try wait(for: logGate)
                case .verify(let verify):
                    try runChecks(verify)
                    verified = true
                }
            } catch {
                report("  FAILED: \(error)")
                transcript?.note("unattended run stopped at \(step.id): \(error)")
                return .stopped(stepID: step.id, reason: "\(error)", diagnoses: (error as? StepFailure)?.diagnoses ?? [])
            }
        }
        if verified { return .verified }
        if let role = state.role { return .finished(role) }
        return .stopped(stepID: steps.last?.id ?? "", reason: "the steps include no verification", diagnoses: [])
    }

    struct StepFailure: Error, CustomStringConvertible {
        var description: String
        /// FailureCatalog ids (or verification check names) that explain it.
        var diagnoses: [String] = []
    }

    private func report(_ diagnoses: [Diagnosis]) {
        for diagnosis in diagnoses {
            report("  diagnosis \(diagnosis.failureID): \(diagnosis.explanation)")
            for line in diagnosis.lines.suffix(3) { report("  | \(line)") }
        }
    }

    private func checkAnswers(_ fields: [String]) throws {
        for name in fields {
            guard let value = state.answers[name] else {
                let hint = name == Answers.passwordName ? " (in the answers file, REP_USER_PW or REP_USER_PW_FILE)" : ""
                throw StepFailure(description: "\(name) is not answered\(hint)")
            }
            if let reason = VariableValidator.check(name, value: value, answers: state.answers).reason {
                throw StepFailure(description: "\(name): \(reason)")
            }
        }
    }

    /// What this machine has for a host form's answers, as on the screen.
    private func reportSurvey(_ fields: [String]) {
        guard let role = HostSurvey.host(ofFormFields: fields), state.role == nil || state.role == role else { return }
        for finding in HostSurvey.onThisMachine(role, answers: state.answers, facts: facts) {
            report("  here: \(finding.isProblem ? "! " : "")\(finding.text)")
        }
    }

    private func runCommand(_ original: CommandAction, step: ScreenDefinition, serverLog: LogGate?) throws {
        let action = LabUser.adjust(original, mode: state.mode, facts: facts)
        let plan = try CommandBuilder.forHost(step.host, values: values, facts: facts, serviceOverride: serviceOverride)
            .plan(action, host: step.host, values: values, password: state.answers.password)
        report("  $ \(plan.shownCommand)")
        let command = CommandStep(plan: plan, facts: facts, transcript: transcript)
        command.serverLog = serverLog
        command.requestRun()
        command.confirm()
        while command.isRunning {
            _ = command.tick(budget: 0.05)
        }
        for line in command.run?.buffer.tail(20) ?? [] where !line.isEmpty {
            report("  | \(line)")
        }
        switch command.state {
        case .succeeded:
            report("  ok")
        case .failed(let exit):
            report(command.diagnoses)
            throw StepFailure(description: "the command failed (\(exit))", diagnoses: command.diagnoses.map(\.failureID))
        case .couldNotStart(let why):
            throw StepFailure(description: "the command could not start: \(why)")
        default:
            throw StepFailure(description: "the command did not finish")
        }
    }

    private func applyEdit(_ step: ScreenDefinition) throws {
        let host = LocalHost(role: step.host)
        let plan = try EditPlanner.plan(step, answers: state.answers, host: host, now: Date(),
                                        options: EditOptions(serverAccount: LabUser.serverAccount(mode: state.mode, facts: facts)))
        report("  \(plan.summary)")
        guard plan.changesSomething else { return }
        let receipts = try EditApplier.apply(plan, on: host, at: Date())
        for receipt in receipts {
            report("  wrote \(receipt.path)" + (receipt.backupPath.map { " (backup \($0))" } ?? ""))
        }
        if let note = plan.activationNote { report("  \(note)") }
        transcript?.note("edit step \(step.id) applied: \(plan.summary)")
    }

    private func wait(for gate: LogGate) throws {
        report("  \(gate.location.reason)")
        while true {
            switch gate.poll() {
            case .passed(let signals):
                report("  log shows: " + signals.map(GateSignals.wording(of:)).joined(separator: "; "))
                return
            case .failed(let diagnoses):
                report(diagnoses)
                throw StepFailure(description: "the server log shows the step did not work", diagnoses: diagnoses.map(\.failureID))
            case .waiting:
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
    }

    private func runChecks(_ verify: VerifyAction) throws {
        let verification = Verification(primary: ClusterSQL(role: .primary, values: values),
                                        standby: ClusterSQL(role: .secondary, values: values))
        let results = verification.run(verify.checks)
        for result in results {
            report("  [\(result.passed ? "x" : "!")] \(result.check.rawValue): \(result.detail.first ?? "")")
            // Without a screen, a failure's further lines are the only
            // place that says where to look next.
            if !result.passed { for line in result.detail.dropFirst() { report("      \(line)") } }
        }
        let failed = results.filter { !$0.passed }
        guard failed.isEmpty else {
            throw StepFailure(description: "verification did not pass", diagnoses: failed.compactMap(\.failureID))
        }
    }
}
