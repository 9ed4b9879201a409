/// The driver of one step, by the kind of its action.
public enum StepDriver: Sendable {
    case info
    case form(FormDriver)
    case command(CommandDriver)
    case edit(EditDriver)
    case gate(GateDriver)
    case verify(VerifyDriver)

    init(step: ScreenDefinition, gateStepID: String?) {
        switch step.action {
        case .info: self = .info
        case .form(let form): self = .form(FormDriver(stepID: step.id, fields: form.fields))
        case .command(let command):
            self = .command(CommandDriver(stepID: step.id, gateStepID: gateStepID, guardedBy: command.guardedBy,
                                          timeoutSeconds: command.timeoutSeconds))
        case .edit: self = .edit(EditDriver(stepID: step.id))
        case .gate(let gate): self = .gate(GateDriver(stepID: step.id, action: gate))
        case .verify(let verify): self = .verify(VerifyDriver(stepID: step.id, checks: verify.checks))
        }
    }

    /// What a step asks for when shown. A host form surveys its host,
    /// unless the walkthrough runs on the other host (`--role`).
    mutating func entryEffects(answers: Answers, walkthroughRole: HostRole?) -> [StepEffect] {
        switch self {
        case .info, .verify: return []
        case .form(var driver):
            guard walkthroughRole == nil || driver.role == walkthroughRole else { return [] }
            defer { self = .form(driver) }
            return driver.survey(answers)
        case .command(let driver): return driver.entryEffects
        case .edit(let driver): return driver.entryEffects
        case .gate(let driver): return driver.entryEffects
        }
    }

    /// Nothing of it reached a host: it may be planned again from new answers.
    var isIdle: Bool {
        switch self {
        case .info, .form: true
        case .command(let driver): driver.isIdle
        case .edit(let driver): driver.isIdle
        case .gate(let driver): driver.phase != .watching
        case .verify(let driver): driver.phase == .ready
        }
    }

    /// Something runs without keys: the loop polls fast.
    public var isBusy: Bool {
        switch self {
        case .command(let driver): driver.phase == .running
        case .gate(let driver): driver.isWaiting
        case .verify(let driver): driver.phase == .running
        default: false
        }
    }

    mutating func handle(_ event: StepEvent) -> StepReaction {
        switch self {
        case .info:
            if case .proceed = event { return StepReaction(outcome: .completed(.done)) }
            return .none
        case .form(var driver):
            defer { self = .form(driver) }
            return driver.handle(event)
        case .command(var driver):
            defer { self = .command(driver) }
            return driver.handle(event)
        case .edit(var driver):
            defer { self = .edit(driver) }
            return driver.handle(event)
        case .gate(var driver):
            defer { self = .gate(driver) }
            return driver.handle(event)
        case .verify(var driver):
            defer { self = .verify(driver) }
            return driver.handle(event)
        }
    }

    public var command: CommandDriver? { if case .command(let d) = self { d } else { nil } }
    public var edit: EditDriver? { if case .edit(let d) = self { d } else { nil } }
    public var gate: GateDriver? { if case .gate(let d) = self { d } else { nil } }
    public var verify: VerifyDriver? { if case .verify(let d) = self { d } else { nil } }
    public var form: FormDriver? { if case .form(let d) = self { d } else { nil } }
}
