import Foundation

/// What a step asks to have done on a host, as a value: the executor
/// carries it out (the screen and `run`), or `plan` prints it.
public enum StepEffect: Sendable, CustomStringConvertible {
    /// Build the command line from the answers and the host's facts.
    case planCommand(stepID: String)
    /// Run it on its host. `gateStepID` is the gate right after the step:
    /// where its log stands is noted first, before the server writes.
    case startCommand(stepID: String, plan: CommandPlan, gateStepID: String?)
    case interruptCommand(stepID: String)
    case planEdit(stepID: String)
    case applyEdit(stepID: String, plan: StepEditPlan)
    case planUndo(stepID: String, receipts: [SafeWriteReceipt])
    case applyUndo(stepID: String, plan: StepEditPlan)
    /// Find the log a gate reads, unless a command already noted it.
    case setUpGate(stepID: String)
    case pollGate(stepID: String)
    case startChecks(stepID: String, checks: [VerifyCheck])
    case cancelChecks(stepID: String)
    /// What the host a form describes really has, for these answers.
    case survey(stepID: String, role: HostRole, answers: Answers)
    /// A guarded step's check of its host, before it may run.
    case checkGuard(stepID: String, guardedBy: CommandGuard)
    /// A line for the transcript.
    case note(String)

    public var stepID: String? {
        switch self {
        case .planCommand(let id), .startCommand(let id, _, _), .interruptCommand(let id), .planEdit(let id),
             .applyEdit(let id, _), .planUndo(let id, _), .applyUndo(let id, _), .setUpGate(let id), .pollGate(let id),
             .startChecks(let id, _), .cancelChecks(let id), .survey(let id, _, _), .checkGuard(let id, _):
            id
        case .note:
            nil
        }
    }

    /// One line, the password masked: what tests compare across front ends.
    public var description: String {
        switch self {
        case .planCommand(let id): "plan command \(id)"
        case .startCommand(let id, let plan, _): "run \(id) on \(plan.host.rawValue) as \(plan.runAs.rawValue): \(plan.shownCommand)"
        case .interruptCommand(let id): "interrupt \(id)"
        case .planEdit(let id): "plan edit \(id)"
        case .applyEdit(let id, let plan):
            "apply \(id) on \(plan.host.rawValue):\n" + plan.report(indent: "  ")
        case .planUndo(let id, _): "plan undo \(id)"
        case .applyUndo(let id, let plan): "undo \(id): \(plan.summary)"
        case .setUpGate(let id): "find the log for \(id)"
        case .pollGate(let id): "read the log for \(id)"
        case .startChecks(let id, let checks): "check \(id): " + checks.map(\.rawValue).joined(separator: ", ")
        case .cancelChecks(let id): "cancel checks \(id)"
        case .survey(let id, let role, _): "survey \(role.rawValue) for \(id)"
        case .checkGuard(let id, let guardedBy): "check \(guardedBy.rawValue) for \(id)"
        case .note(let text): "note: \(text)"
        }
    }

    /// True for effects that change something on a host: `plan` prints
    /// these and carries out only the others.
    public var changesAHost: Bool {
        switch self {
        case .startCommand, .applyEdit, .applyUndo: true
        default: false
        }
    }
}

/// A driver's answer to one event.
public struct StepReaction: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The step is over; the walkthrough moves on.
        case completed(StepStatus)
        /// Back to an earlier step that explains a failure.
        case goBack(to: String)
    }

    public var effects: [StepEffect] = []
    /// A line for the operator (the status row; `run` prints it).
    public var message: String?
    public var outcome: Outcome?
    /// The step changed something on its host (quitting asks first).
    public var changedHost = false
    /// What the step did was taken back (an undone edit): pending again.
    public var reopened = false

    public init(effects: [StepEffect] = [], message: String? = nil, outcome: Outcome? = nil, changedHost: Bool = false) {
        self.effects = effects
        self.message = message
        self.outcome = outcome
        self.changedHost = changedHost
    }

    static let none = StepReaction()
}
