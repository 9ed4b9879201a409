import Foundation

/// What a run with these answers would do, step by step, as text: every
/// command with its values filled in (the password masked) and every edit
/// as a unified diff against the files as they are now. Only reads, like
/// a configuration-management check mode with diffs.
public enum PlanReport {
    public static func render(_ walkthrough: Walkthrough, state given: WalkthroughState, now: Date,
                              host: (HostRole) -> any HostAccess) -> String {
        // Unanswered questions take the default the form would offer.
        var state = given
        var defaulted: Set<String> = []
        for spec in VariableCatalog.inputs where state.answers[spec.name] == nil {
            guard let value = spec.defaultValue else { continue }
            state.answers[spec.name] = value
            defaulted.insert(spec.name)
        }
        let values = DerivedVariables.templateValues(state.answers, mode: state.mode, facts: HostFacts.detect())
        let steps = walkthrough.visibleSteps(in: state)
        var out = "standby-wizard plan (\(state.mode.rawValue) mode): nothing is changed, nothing is run.\n"
        out += "note: both hosts are this machine for now; files are read here.\n"
        for (index, step) in steps.enumerated() {
            out += "\n[\(index + 1)/\(steps.count)] \(step.title) (\(step.host.badge))\n"
            out += body(of: step, state: state, defaulted: defaulted, values: values, now: now, host: host)
        }
        return out
    }

    static func body(of step: ScreenDefinition, state: WalkthroughState, defaulted: Set<String>, values: [String: String], now: Date,
                     host: (HostRole) -> any HostAccess) -> String {
        let masked: Set<String> = [Answers.passwordName]
        switch step.action {
        case .info:
            return ""
        case .form(let form):
            return form.fields.map { name in
                let value = state.answers[name].map { name == Answers.passwordName ? Template.mask : $0 } ?? "(not answered)"
                return "  \(name) = \(value)\(defaulted.contains(name) ? " (default)" : "")\n"
            }.joined()
        case .command(let command):
            let user = command.runAs == .operator ? "the operator" : command.runAs.rawValue
            let caution = command.destructive ? " (destructive: asks first)" : ""
            switch command.spec {
            case .shell(let run):
                // The line exactly as the runner would run it (values
                // shell-quoted, the password masked), when it can be built.
                let shown = (try? CommandBuilder(facts: HostFacts.detect())
                    .plan(command, host: step.host, values: values, password: state.answers.password).shownCommand)
                    ?? Template.substitute(run, values: values, masked: masked)
                return "  run as \(user)\(caution): \(shown)\n"
            case .service(let operation):
                let how = (try? CommandBuilder(facts: HostFacts.detect())
                    .plan(command, host: step.host, values: values, password: nil).shownCommand)
                    .map { ": \($0)" } ?? " (systemctl, pg_ctlcluster or pg_ctl, as the host has)"
                return "  \(operation.rawValue) PostgreSQL \(cluster(step.host, values))\(how)\n"
            }
        case .edit:
            do {
                let account = LabUser.serverAccount(mode: state.mode, facts: HostFacts.detect())
                let plan = try EditPlanner.plan(step, answers: state.answers, host: host(step.host), now: now,
                                                options: EditOptions(serverAccount: account))
                return plan.report(indent: "  ")
            } catch {
                let text = "\(error)".replacingOccurrences(of: "\n", with: "\n    ")
                return "  cannot plan this edit: \(text)\n"
            }
        case .gate(let gate):
            return "  watch the server log for: \(gate.expect.map(\.rawValue).joined(separator: ", ")) (up to \(gate.timeoutSeconds) s)\n"
        case .verify(let verify):
            return "  check: \(verify.checks.map(\.rawValue).joined(separator: ", "))\n"
        }
    }

    static func cluster(_ role: HostRole, _ values: [String: String]) -> String {
        let prefix = role == .secondary ? "SECONDARY" : "PRIMARY"
        let version = values["\(prefix)_PG_VERSION"] ?? "?"
        let cluster = values["\(prefix)_PG_CLUSTER"] ?? "?"
        return cluster.hasPrefix("/") ? "\(version) in \(cluster)" : "\(version)/\(cluster)"
    }
}
