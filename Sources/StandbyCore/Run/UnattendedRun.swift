import Foundation

/// The walkthrough without a screen: the engine driven by the autopilot,
/// which answers every question with yes, through the same executor as
/// the screen. One plain line per step and what it did; it stops at the
/// first step that does not succeed.
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
    public var hosts: any HostResolver
    public var transcript: Transcript?
    public var serviceOverride: ServiceMethod?
    public var logOverrides: [HostRole: String] = [:]
    public var report: (String) -> Void
    /// How often a waiting gate reads its log again.
    public var gatePollInterval: TimeInterval = 0.25

    public init(walkthrough: Walkthrough, state: WalkthroughState, hosts: any HostResolver,
                transcript: Transcript?, serviceOverride: ServiceMethod? = nil, report: @escaping (String) -> Void) {
        self.walkthrough = walkthrough
        self.state = state.withFormDefaults().state
        self.hosts = hosts
        self.transcript = transcript
        self.serviceOverride = serviceOverride
        self.report = report
    }

    /// The whole run, with an executor of its own.
    public func run() -> Outcome { run(executor: makeExecutor()).outcome }

    public func makeExecutor() -> StepExecutor {
        let executor = StepExecutor(hosts: hosts, transcript: transcript)
        executor.serviceOverride = serviceOverride
        executor.logOverrides = logOverrides
        return executor
    }

    /// The run through `executor` (a journal, a test's record of effects);
    /// returns the engine as the run left it.
    public func run(executor: StepExecutor) -> (outcome: Outcome, engine: WalkthroughEngine) {
        var engine = WalkthroughEngine(walkthrough: walkthrough, state: state)
        executor.perform(engine.enter(), on: &engine)
        var shown: String?
        var verified = false
        var reruns = 0
        var replans = 0
        while !engine.finished, let step = engine.currentStep, let driver = engine.currentDriver {
            if shown != step.id {
                shown = step.id
                let steps = engine.steps
                let index = steps.firstIndex { $0.id == step.id } ?? 0
                report("[\(index + 1)/\(steps.count)] \(step.title) (\(step.host.badge))")
                for finding in driver.form?.findings ?? [] {
                    report("  here: \(finding.isProblem ? "! " : "")\(finding.text)")
                }
            }
            switch Autopilot.move(driver, answers: engine.state.answers) {
            case .send(let event):
                reportBefore(event, driver: driver, executor: executor)
                let messages = executor.send(event, on: &engine)
                if engine.currentStep?.id == step.id, let after = engine.currentDriver {
                    if case .form = after, let message = messages.first {
                        return stop(step, reason: message, diagnoses: [], engine: engine)
                    }
                    reportAfter(after, stepID: step.id, executor: executor)
                }
                if case .verify(let verify) = driver, verify.passed { verified = true }
            case .wait:
                // Checks: woken as they finish, then their results taken
                // at once (a sleep after the pump held each pass 50 ms).
                if case .verify = driver { executor.waitForChecks(atMost: 0.05) }
                _ = executor.pump(&engine, budget: 0.05)
                if case .gate = driver {
                    if !executor.gateIsBehind(step.id) { Thread.sleep(forTimeInterval: gatePollInterval) }
                    executor.send(.tick(Date()), on: &engine)
                }
            case .rerun(let target, let because):
                reruns += 1
                guard reruns <= 2, let title = engine.step(target)?.title else {
                    return stop(step, reason: "refused: \(because)", diagnoses: ["guard"], engine: engine)
                }
                report("  \(because)")
                report("  going back to \"\(title)\" to run it again")
                executor.perform(engine.go(to: target, rerun: true), on: &engine)
                shown = nil
            case .planAgain(let because):
                // Another writer of a shared file (two clusters' entries in
                // postgres's .pgpass) between the plan and the write: the
                // new plan is over its lines, and keeps them.
                replans += 1
                guard replans <= 3 else { return stop(step, reason: because, diagnoses: [], engine: engine) }
                executor.send(.replan, on: &engine)
                report("  \(because); planned again over it")
            case .stop(let reason, let diagnoses):
                reportFailure(driver, executor: executor)
                return stop(step, reason: reason, diagnoses: diagnoses, engine: engine)
            }
        }
        if verified { return (.verified, engine) }
        if let role = engine.state.role { return (.finished(role), engine) }
        return (.stopped(stepID: engine.steps.last?.id ?? "", reason: "the steps include no verification", diagnoses: []), engine)
    }

    private func stop(_ step: ScreenDefinition, reason: String, diagnoses: [String], engine: WalkthroughEngine)
        -> (outcome: Outcome, engine: WalkthroughEngine) {
        report("  FAILED: \(reason)")
        transcript?.note("unattended run stopped at \(step.id): \(reason)")
        return (.stopped(stepID: step.id, reason: reason, diagnoses: diagnoses), engine)
    }

    /// What is about to happen, before it takes time.
    private func reportBefore(_ event: StepEvent, driver: StepDriver, executor: StepExecutor) {
        switch (driver, event) {
        case (.command(let command), .confirm):
            if let plan = command.plan {
                // Why the step does other than its title says (a reload for a restart).
                if let note = plan.service?.note { report("  \(note)") }
                report("  $ \(plan.shownCommand)")
            }
        case (.edit(let edit), .proceed):
            if case .proposed(let plan) = edit.phase { report("  \(plan.summary)") }
        case (.command(let command), .proceed):
            if case .succeeded = command.phase { reportOutput(command.stepID, executor: executor); report("  ok") }
        case (.verify(let verify), .proceed):
            reportChecks(verify)
        case (.gate(let gate), .proceed):
            if let location = gate.location { report("  \(location.reason)") }
            if case .passed(let signals) = gate.verdict, !signals.isEmpty {
                report("  log shows: " + signals.map(GateSignals.wording(of:)).joined(separator: "; "))
            }
        default:
            break
        }
    }

    /// What a step's effects did, once they are done.
    private func reportAfter(_ driver: StepDriver, stepID: String, executor: StepExecutor) {
        switch driver {
        case .edit(let edit):
            if case .applied(let plan, let receipts) = edit.phase {
                for receipt in receipts {
                    report("  wrote \(receipt.path)" + (receipt.backupPath.map { " (backup \($0))" } ?? ""))
                }
                if let note = plan.activationNote { report("  \(note)") }
            }
        default:
            break
        }
    }

    private func reportChecks(_ verify: VerifyDriver) {
        // Every check's evidence, passed or not: the rows, positions and
        // times are what the operator keeps as proof.
        for result in verify.results ?? [] {
            for line in result.reportLines { report("  " + line) }
        }
    }

    private func reportFailure(_ driver: StepDriver, executor: StepExecutor) {
        switch driver {
        case .command(let command):
            reportOutput(command.stepID, executor: executor)
            report(command.diagnoses)
        case .gate(let gate):
            if let location = gate.location { report("  \(location.reason)") }
            if case .failed(let diagnoses) = gate.verdict { report(diagnoses) }
        case .verify(let verify):
            reportChecks(verify)
        default:
            break
        }
    }

    private func reportOutput(_ stepID: String, executor: StepExecutor) {
        for line in executor.runs[stepID]?.buffer.tail(20) ?? [] where !line.isEmpty {
            report("  | \(line)")
        }
    }

    private func report(_ diagnoses: [Diagnosis]) {
        for diagnosis in diagnoses {
            report("  diagnosis \(diagnosis.failureID): \(diagnosis.explanation)")
            for line in diagnosis.lines.suffix(3) { report("  | \(line)") }
        }
    }
}
