/// A configuration edit: the diff against the files as they are, then a
/// safe apply (backup, temporary file, rename), undo from the backups, or
/// the operator's own text. No I/O: planning and writing are effects.
public struct EditDriver: Sendable {
    public enum Phase: Sendable, Equatable {
        case planning
        case unplannable(String)
        case proposed(StepEditPlan)
        /// The files changed since the diff was shown; nothing written.
        case drifted(StepEditPlan, [FileDrift])
        case applied(StepEditPlan, [SafeWriteReceipt])
        /// The diff that puts the backups back, shown before it is applied.
        case undoProposed(StepEditPlan, undo: StepEditPlan, receipts: [SafeWriteReceipt])
    }

    public let stepID: String
    public private(set) var phase: Phase = .planning
    /// Which file's diff is shown when the step edits several.
    public private(set) var fileIndex = 0
    /// Why the last apply failed (a full disk); `run` stops on it instead
    /// of applying again and again.
    public private(set) var lastFailure: String?

    public init(stepID: String) {
        self.stepID = stepID
    }

    var entryEffects: [StepEffect] { phase == .planning ? [.planEdit(stepID: stepID)] : [] }

    var isIdle: Bool {
        switch phase {
        case .planning, .unplannable, .proposed, .drifted: true
        default: false
        }
    }

    public var applied: Bool {
        if case .applied = phase { return true }
        return false
    }

    /// The plan in view: the undo while one is shown, else the step's own.
    public var shownPlan: StepEditPlan? {
        switch phase {
        case .proposed(let plan), .drifted(let plan, _), .applied(let plan, _): plan
        case .undoProposed(_, let undo, _): undo
        case .planning, .unplannable: nil
        }
    }

    mutating func handle(_ event: StepEvent) -> StepReaction {
        switch (phase, event) {
        case (.planning, .editPlanned(let plan)), (.proposed, .replacePlan(let plan)):
            phase = .proposed(plan)
            fileIndex = 0
            if case .replacePlan = event { return StepReaction(message: plan.notes.last) }
        case (.planning, .editUnplannable(let why)):
            phase = .unplannable(why)
        case (.proposed(let plan), .proceed):
            guard plan.changesSomething else { return StepReaction(outcome: .completed(.done)) }
            return StepReaction(effects: [.applyEdit(stepID: stepID, plan: plan)])
        case (.proposed(let plan), .editApplied(let receipts)):
            phase = .applied(plan, receipts)
            return StepReaction(effects: [.note("edit step \(stepID) applied: \(plan.summary)")],
                                message: "Applied: \(plan.summary). " + (plan.activationNote ?? "") + " u undoes it.",
                                changedHost: true)
        case (.proposed(let plan), .editDrifted(let drift)):
            phase = .drifted(plan, drift)
            return StepReaction(message: "A file changed since this diff was made; r plans again over it.")
        case (.proposed, .editFailed(let why)):
            lastFailure = why
            return StepReaction(message: "Not applied: \(why)")
        case (.proposed, .skip), (.unplannable, .skip):
            return StepReaction(effects: [.note("edit step \(stepID) skipped by the operator; nothing written")],
                                outcome: .completed(.skipped))
        case (.proposed, .replan), (.drifted, .replan), (.unplannable, .replan), (.unplannable, .proceed):
            return replan()
        case (.proposed(let plan), .nextFile), (.applied(let plan, _), .nextFile):
            if !plan.changes.isEmpty { fileIndex = (fileIndex + 1) % plan.changes.count }
        case (.undoProposed(_, let undo, _), .nextFile):
            if !undo.changes.isEmpty { fileIndex = (fileIndex + 1) % undo.changes.count }
        case (.applied, .proceed):
            return StepReaction(outcome: .completed(.done))
        case (.applied(_, let receipts), .undo):
            return StepReaction(effects: [.planUndo(stepID: stepID, receipts: receipts)])
        case (.applied(let plan, let receipts), .undoPlanned(let undo)):
            phase = .undoProposed(plan, undo: undo, receipts: receipts)
            fileIndex = 0
            return StepReaction(message: "This diff puts the backups back; Enter applies it, Esc keeps the edit.")
        case (.applied, .editFailed(let why)):
            return StepReaction(message: "Cannot undo: \(why)")
        case (.undoProposed(let plan, _, let receipts), .keepEdit), (.undoProposed(let plan, _, let receipts), .cancel):
            phase = .applied(plan, receipts)
        case (.undoProposed(_, let undo, _), .proceed):
            return StepReaction(effects: [.applyUndo(stepID: stepID, plan: undo)])
        case (.undoProposed, .undone):
            var reaction = replan()
            reaction.effects.insert(.note("edit step \(stepID) undone from its backups"), at: 0)
            reaction.message = "Undone: the files are as they were before this step."
            reaction.reopened = true
            return reaction
        case (.undoProposed, .editFailed(let why)):
            return StepReaction(message: "Undo failed: \(why)")
        default:
            break
        }
        return .none
    }

    private mutating func replan() -> StepReaction {
        phase = .planning
        fileIndex = 0
        return StepReaction(effects: [.planEdit(stepID: stepID)])
    }
}
