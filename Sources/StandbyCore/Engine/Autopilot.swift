/// What `run` answers a step in each state: yes to every question, wait
/// while something runs, stop at the first failure.
public enum Autopilot {
    public enum Move: Sendable {
        case send(StepEvent)
        /// Something runs or is read: let time pass.
        case wait
        /// Back to an earlier step, to run it again: what puts this one
        /// right (a copy's target set aside again).
        case rerun(String, because: String)
        /// A file changed between the diff and the write: plan over what
        /// is there now, as an operator's r does. `run` does it a few
        /// times, then stops with `because`.
        case planAgain(because: String)
        /// The step cannot succeed; `diagnoses` names the catalogue
        /// entries (or failed checks) that explain why.
        case stop(reason: String, diagnoses: [String])
    }

    public static func move(_ driver: StepDriver, answers: Answers) -> Move {
        switch driver {
        case .info:
            return .send(.proceed)
        case .form:
            return .send(.submit(answers))
        case .command(let command):
            switch command.phase {
            case .planning, .running: return .wait
            case .unplannable(let why): return .stop(reason: "the command cannot be built: \(why)", diagnoses: [])
            case .ready:
                if case .refused(let why, let backTo?)? = command.guardVerdict {
                    return .rerun(backTo, because: why.joined(separator: " "))
                }
                if case .refused(let why, _)? = command.guardVerdict {
                    return .stop(reason: "refused before anything was changed: " + why.joined(separator: " "), diagnoses: ["guard"])
                }
                return .send(.proceed)
            case .awaitingWord:
                let why = { () -> [String] in if case .confirm(let lines, _)? = command.guardVerdict { return lines }; return [] }()
                return .stop(reason: "not confirmed: " + why.joined(separator: " "), diagnoses: ["guard"])
            case .succeeded, .skipped: return .send(.proceed)
            case .confirming: return .send(.confirm)
            case .failed(let exit):
                return .stop(reason: "the command failed (\(exit))", diagnoses: command.diagnoses.map(\.failureID))
            case .couldNotStart(let why): return .stop(reason: "the command could not start: \(why)", diagnoses: [])
            }
        case .edit(let edit):
            switch edit.phase {
            case .planning: return .wait
            case .unplannable(let why): return .stop(reason: why, diagnoses: [])
            case .proposed where edit.lastFailure != nil:
                return .stop(reason: "not applied: " + (edit.lastFailure ?? ""), diagnoses: [])
            case .proposed, .applied: return .send(.proceed)
            case .drifted(_, let drift):
                return .planAgain(because: "changed on disk while planned: " + drift.map(\.path).joined(separator: ", "))
            case .undoProposed: return .send(.keepEdit)
            }
        case .gate(let gate):
            switch (gate.phase, gate.verdict) {
            case (.settingUp, _): return .wait
            case (.unavailable(let why), _): return .stop(reason: why, diagnoses: [])
            case (.watching, .passed): return .send(.proceed)
            case (.watching, .waiting): return .wait
            case (.watching, .failed(let diagnoses)):
                return .stop(reason: "the server log shows the step did not work", diagnoses: diagnoses.map(\.failureID))
            }
        case .verify(let verify):
            switch verify.phase {
            case .ready: return .send(.proceed)
            case .running: return .wait
            case .finished(let results):
                if verify.passed { return .send(.proceed) }
                return .stop(reason: "verification did not pass", diagnoses: results.filter { !$0.passed }.compactMap(\.failureID))
            }
        }
    }
}

extension WalkthroughState {
    /// Unanswered questions take the defaults the forms offer, as an
    /// operator pressing Enter would; also says which were filled.
    public func withFormDefaults() -> (state: WalkthroughState, defaulted: Set<String>) {
        var state = self
        var defaulted: Set<String> = []
        for spec in VariableCatalog.inputs where state.answers[spec.name] == nil {
            guard let value = spec.defaultValue else { continue }
            state.answers[spec.name] = value
            defaulted.insert(spec.name)
        }
        return (state, defaulted)
    }
}
