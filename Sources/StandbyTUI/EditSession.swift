import Foundation
import StandbyCore

/// One edit step as the operator works through it: the plan against the
/// files as they are, which file's diff is shown, and what applying left
/// behind (backups, for undo).
final class EditSession {
    var plan: StepEditPlan?
    var problem: String?
    var fileIndex = 0
    var receipts: [SafeWriteReceipt] = []
    /// Set while the operator looks at an undo before applying it.
    var undo: StepEditPlan?
    var drift: [FileDrift] = []
    /// A proposal being changed in $EDITOR: the temporary file.
    var handEditPath: String?

    /// Whose home holds the standby's password file, and the like.
    let options: EditOptions

    var applied: Bool { !receipts.isEmpty }

    /// What the pane shows: the undo while one is pending, else the plan.
    var shownPlan: StepEditPlan? { undo ?? plan }

    init(step: ScreenDefinition, answers: Answers, options: EditOptions = EditOptions()) {
        self.options = options
        replan(step: step, answers: answers)
    }

    func replan(step: ScreenDefinition, answers: Answers) {
        do {
            plan = try EditPlanner.plan(step, answers: answers, host: LocalHost(role: step.host), now: Date(), options: options)
            problem = nil
        } catch {
            plan = nil
            problem = "\(error)"
        }
        fileIndex = 0
        drift = []
    }
}

extension StepRuntime {
    func editSession(for step: ScreenDefinition, answers: Answers, mode: WizardMode) -> EditSession {
        if let session = edits[step.id] { return session }
        let session = EditSession(step: step, answers: answers,
                                  options: EditOptions(serverAccount: LabUser.serverAccount(mode: mode, facts: facts)))
        edits[step.id] = session
        return session
    }
}
