import Foundation

/// The walkthrough as one state machine: the serializable state, and a
/// driver per step that takes events and answers with effects. The
/// screen, `run` and `plan` all drive this; none of them decides by itself
/// what a step does next. No I/O: effects are values for an executor.
public struct WalkthroughEngine: Sendable {
    public let walkthrough: Walkthrough
    public internal(set) var state: WalkthroughState
    /// The drivers of the steps visited, by step id: going back and forth
    /// finds them as they were.
    public private(set) var drivers: [String: StepDriver] = [:]
    /// Set once the last step completed.
    public private(set) var finished = false
    /// A resumed walkthrough that first asks the password again goes on
    /// here once that form is done.
    public var resumeAt: String?

    public init(walkthrough: Walkthrough, state: WalkthroughState) {
        self.walkthrough = walkthrough
        self.state = state
        if state.currentStepID == nil, let first = walkthrough.visibleSteps(in: state).first {
            self.state.currentStepID = first.id
        }
    }

    public var steps: [ScreenDefinition] { walkthrough.visibleSteps(in: state) }

    public var currentStep: ScreenDefinition? {
        let steps = steps
        guard !steps.isEmpty else { return nil }
        return steps[walkthrough.currentIndex(in: state, steps: steps)]
    }

    public var currentDriver: StepDriver? { currentStep.flatMap { drivers[$0.id] } }

    public func driver(of stepID: String) -> StepDriver? { drivers[stepID] }

    public func step(_ id: String) -> ScreenDefinition? { walkthrough.screens.first { $0.id == id } }

    /// Something runs without keys: a command, a waiting gate, the checks.
    public var isBusy: Bool { currentDriver?.isBusy ?? false }

    /// Values for `$VARIABLE` in texts and commands: answers and what
    /// follows from them, and who runs the servers (`facts` of the host).
    public func values(facts: HostFacts?) -> [String: String] {
        DerivedVariables.templateValues(state.answers, mode: state.mode, facts: facts)
    }

    /// Makes the current step's driver if it has none; returns what it
    /// asks for on entry (plan the command, read the files, find the log).
    public mutating func enter() -> [StepEffect] {
        guard let step = currentStep else { return [] }
        var driver = drivers[step.id] ?? StepDriver(step: step, gateStepID: walkthrough.gate(following: step, in: steps)?.id)
        let effects = driver.entryEffects(answers: state.answers, walkthroughRole: state.role)
        drivers[step.id] = driver
        return effects
    }

    /// An event for the current step.
    public mutating func send(_ event: StepEvent) -> StepReaction {
        guard let id = currentStep?.id else { return .none }
        return send(event, to: id)
    }

    /// An event for one step: the results of its effects arrive this way,
    /// even after the operator moved on.
    public mutating func send(_ event: StepEvent, to stepID: String) -> StepReaction {
        guard var driver = drivers[stepID] else { return .none }
        var reaction = driver.handle(event)
        drivers[stepID] = driver
        record(event, for: stepID)
        if case .submit(var answers) = event, reaction.outcome == .completed(.done) {
            if case .form(let form) = driver, let role = form.role {
                // Found on the host for the answers as submitted; what an
                // earlier survey found for other answers goes.
                answers[HostAnswers.key(.dataDirectory, of: role)] = form.foundValues[HostAnswers.key(.dataDirectory, of: role)]
            }
            adopt(answers)
        }
        if reaction.changedHost, let step = step(stepID) { state.changedHosts.insert(step.host) }
        if reaction.reopened { state.statuses[stepID] = .pending }
        switch reaction.outcome {
        case .completed(let status)?:
            state.statuses[stepID] = status
            if stepID == currentStep?.id { reaction.effects += advance() }
        case .goBack(let target)?:
            reaction.effects += go(to: target)
        case nil:
            break
        }
        return reaction
    }

    /// Values found on a host after the walkthrough began (the local
    /// cluster's version), taken only for answers nobody gave: an answers
    /// file, the journal or a submitted form always win. Returns the names
    /// it filled in.
    @discardableResult
    public mutating func offerDefaults(_ values: [String: String]) -> [String] {
        var filled: [String] = []
        for (name, value) in values.sorted(by: { $0.key < $1.key }) where state.answers[name] == nil {
            state.answers[name] = value
            filled.append(name)
        }
        return filled
    }

    /// The host form's answers as typed so far: its survey follows them.
    public mutating func answersTyped(_ answers: Answers) -> [StepEffect] {
        guard let id = currentStep?.id, case .form(var form)? = drivers[id],
              state.role == nil || form.role == state.role else { return [] }
        let effects = form.survey(answers)
        drivers[id] = .form(form)
        return effects
    }

    /// Marks the current step and moves on without its driver's say: for
    /// `plan`, which shows every step whatever the answers allow.
    public mutating func pass(_ status: StepStatus) -> [StepEffect] {
        guard let id = currentStep?.id else { return [] }
        state.statuses[id] = status
        return advance()
    }

    public mutating func goBack() -> [StepEffect] {
        walkthrough.goBack(&state)
        return enter()
    }

    /// Jumps to a visible step (a diagnosis names where the cause is).
    /// `rerun` makes that step new again: planned afresh and pending.
    public mutating func go(to stepID: String, rerun: Bool = false) -> [StepEffect] {
        guard steps.contains(where: { $0.id == stepID }) else { return [] }
        if rerun {
            // That step, and the steps after it not yet done, start over:
            // what they found before it ran again no longer holds.
            let visible = steps
            if let index = visible.firstIndex(where: { $0.id == stepID }) {
                for later in visible[index...] where later.id == stepID || state.status(of: later.id) == .pending {
                    if drivers[later.id]?.isBusy != true { drivers[later.id] = nil }
                }
            }
            state.statuses[stepID] = .pending
        }
        state.currentStepID = stepID
        return enter()
    }

    private mutating func advance() -> [StepEffect] {
        guard let current = currentStep else { return [] }
        if let target = resumeAt, target != current.id, steps.contains(where: { $0.id == target }) {
            resumeAt = nil
            state.currentStepID = target
            return enter()
        }
        if steps.last?.id == current.id {
            finished = true
            return []
        }
        walkthrough.advance(&state)
        return enter()
    }

    /// New answers make the plans of steps not yet begun stale.
    private mutating func adopt(_ answers: Answers) {
        guard answers != state.answers else { return }
        state.answers = answers
        drivers = drivers.filter { !$0.value.isIdle || $0.key == currentStep?.id }
    }

    private mutating func record(_ event: StepEvent, for stepID: String) {
        var record = state.records[stepID] ?? StepRecord()
        switch event {
        case .commandExited(let exit, _, let tail):
            record.exitStatus = exit.code
            record.outputTail = Array(tail.suffix(5))
        case .editApplied(let receipts):
            record.written += receipts.map(\.path)
            record.backups += receipts.compactMap(\.backupPath)
            // An undo puts the backups back: nothing of the step remains.
            if case .edit(let driver)? = drivers[stepID], case .applied(let plan, _) = driver.phase {
                record.edits = (record.edits ?? []) + RecordedEdit.made(by: plan)
            } else {
                record.edits = []
            }
        case .gateReady(_, let start):
            record.logStart = start
        case .checksFinished(let results):
            for result in results { record.checks[result.check.rawValue] = result.passed }
        default:
            if case .command(let driver)? = drivers[stepID], driver.phase == .running {
                record.attempts = driver.attempts
                record.command = driver.plan?.shownCommand
                record.run = driver.plan.map(RecordedCommand.init(plan:))
            }
        }
        if record != StepRecord() || state.records[stepID] != nil { state.records[stepID] = record }
    }
}
