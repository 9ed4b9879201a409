import Foundation

/// What a run with these answers would do, step by step, as text: every
/// command with its values filled in (the password masked) and every edit
/// as a unified diff against the files as they are now on its host, each
/// edit planned over the ones before it. The engine is driven as `run`
/// drives it, through an executor that reads but changes nothing.
public enum PlanReport {
    public static func render(_ walkthrough: Walkthrough, state given: WalkthroughState, hosts: any HostResolver,
                              where hostNames: [HostRole: String] = [:], now: Date) -> String {
        render(walkthrough, state: given, executor: StepExecutor(hosts: hosts, transcript: nil, mode: .dryRun),
               where: hostNames, now: now).text
    }

    public static func render(_ walkthrough: Walkthrough, state given: WalkthroughState, executor: StepExecutor,
                              where hostNames: [HostRole: String] = [:], now: Date) -> (text: String, engine: WalkthroughEngine) {
        let (state, defaulted) = given.withFormDefaults()
        var engine = WalkthroughEngine(walkthrough: walkthrough, state: state)
        var out = "standby-wizard plan (\(state.mode.rawValue) mode): nothing is changed, nothing is run.\n"
        let primary = hostNames[.primary] ?? "this machine"
        let secondary = hostNames[.secondary] ?? "this machine"
        out += "hosts: the primary is \(primary), the secondary is \(secondary); files are read there.\n"
        executor.perform(engine.enter(), on: &engine, now: now)
        while !engine.finished, let step = engine.currentStep, let driver = engine.currentDriver {
            let steps = engine.steps
            let index = steps.firstIndex { $0.id == step.id } ?? 0
            out += "\n[\(index + 1)/\(steps.count)] \(step.title) (\(step.host.badge))\n"
            out += body(of: step, driver: driver, state: engine.state, defaulted: defaulted)
            // Through to the next step as `run` would go, answering what
            // would change a host as if it had.
            var guardCount = 0
            while engine.currentStep?.id == step.id, !engine.finished, guardCount < 20 {
                guardCount += 1
                guard let current = engine.currentDriver else { break }
                switch Autopilot.move(current, answers: engine.state.answers) {
                case .send(let event):
                    executor.send(event, on: &engine)
                case .wait, .stop, .rerun, .planAgain:
                    executor.perform(engine.pass(.skipped), on: &engine, now: now)
                }
            }
            if guardCount >= 20 { executor.perform(engine.pass(.skipped), on: &engine, now: now) }
        }
        return (out, engine)
    }

    static func body(of step: ScreenDefinition, driver: StepDriver, state: WalkthroughState, defaulted: Set<String>) -> String {
        switch driver {
        case .info:
            return ""
        case .form(let form):
            return form.fields.map { name in
                let value = state.answers[name].map { name == Answers.passwordName ? Template.mask : $0 } ?? "(not answered)"
                return "  \(name) = \(value)\(defaulted.contains(name) ? " (default)" : "")\n"
            }.joined()
        case .command(let command):
            guard case .command(let action) = step.action else { return "" }
            var checked = ""
            switch command.guardVerdict {
            case .clear(let lines)?, .alreadyDone(let lines)?: checked = lines.map { "  checked: \($0)\n" }.joined()
            case .refused(let lines, _)?: checked = "  REFUSED, nothing would be stopped or moved:\n" + lines.map { "    \($0)\n" }.joined()
            case .confirm(let lines, _)?: checked = "  needs confirmation:\n" + lines.map { "    \($0)\n" }.joined()
            case nil: break
            }
            guard let plan = command.plan else {
                if case .unplannable(let why) = command.phase { return "  cannot build this command yet: \(why)\n" }
                return ""
            }
            if let service = plan.service, case .service(let operation) = action.spec {
                return checked + "  \(operation.rawValue) PostgreSQL \(HostAnswers(step.host, answers: state.answers).clusterLabel) on the \(step.host.rawValue): \(plan.shownCommand)\n"
                    + "  (\(service.explanation))\n"
            }
            let user = plan.runAs == .operator ? "the operator" : plan.runAs.rawValue
            let caution = plan.destructive ? " (destructive: asks first)" : ""
            return checked + "  run on the \(step.host.rawValue) as \(user)\(caution): \(plan.shownCommand)\n"
        case .edit(let edit):
            switch edit.phase {
            case .proposed(let plan): return plan.report(indent: "  ")
            case .unplannable(let why):
                return "  cannot plan this edit: " + why.replacingOccurrences(of: "\n", with: "\n    ") + "\n"
            default: return ""
            }
        case .gate(let gate):
            return "  watch the \(step.host.rawValue)'s server log for: \(gate.action.expect.map(\.rawValue).joined(separator: ", ")) (up to \(gate.action.timeoutSeconds) s)\n"
        case .verify(let verify):
            return "  check: \(verify.checks.map(\.rawValue).joined(separator: ", "))\n"
        }
    }
}
