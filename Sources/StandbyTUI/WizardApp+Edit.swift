import Foundation
import StandbyCore

/// Edit steps with a runtime: a diff first, then a safe apply, undo from
/// the backup, or the operator's own change in $EDITOR.
extension WizardApp {
    var liveEdit: EditSession? {
        guard let runtime, let step = currentStep, case .edit = step.action else { return nil }
        return runtime.editSession(for: step, answers: state.answers, mode: state.mode)
    }

    mutating func handleEdit(_ key: Key, session: EditSession, step: ScreenDefinition) -> AppOutcome? {
        let host = LocalHost(role: step.host)
        switch key {
        case .tab:
            let count = session.shownPlan?.changes.count ?? 0
            if count > 0 { session.fileIndex = (session.fileIndex + 1) % count }
            scroll = 0
        case .up: scroll = max(0, scroll - 1)
        case .down: scroll += 1
        case .pageUp: scroll = max(0, scroll - pageHeight)
        case .pageDown, .character(" "): scroll += pageHeight
        case .character("r"):
            session.replan(step: step, answers: state.answers)
            scroll = 0
        case .character("s") where !session.applied:
            runtime?.transcript?.note("edit step \(step.id) skipped by the operator; nothing written")
            return completeCurrentStep(status: .skipped)
        case .character("u") where session.applied && session.undo == nil:
            do {
                session.undo = try EditApplier.undoPlan(for: session.receipts, stepID: step.id, on: host)
                session.fileIndex = 0
                message = "This diff puts the backups back; Enter applies it, Esc keeps the edit."
            } catch {
                message = "Cannot undo: \(error)"
            }
        case .escape where session.undo != nil:
            session.undo = nil
        case .character("e") where !session.applied && session.undo == nil:
            guard let plan = session.plan, session.fileIndex < plan.changes.count else { return .running }
            do {
                let path = try HandEdit.prepare(plan.changes[session.fileIndex])
                session.handEditPath = path
                return .external(HandEdit.editorCommand(for: path, environment: ProcessInfo.processInfo.environment))
            } catch {
                message = "Cannot open an editor: \(error)"
            }
        case .enter:
            return applyOrContinue(session, step: step, host: host)
        default:
            return nil
        }
        return .running
    }

    private mutating func applyOrContinue(_ session: EditSession, step: ScreenDefinition, host: LocalHost) -> AppOutcome {
        if let undo = session.undo {
            do {
                _ = try EditApplier.apply(undo, on: host, at: Date())
                runtime?.transcript?.note("edit step \(step.id) undone from its backups")
                session.undo = nil
                session.receipts = []
                session.replan(step: step, answers: state.answers)
                state.statuses[step.id] = .pending
                message = "Undone: the files are as they were before this step."
            } catch {
                message = "Undo failed: \(error)"
            }
            return .running
        }
        if session.applied { return completeCurrentStep(status: .done) }
        guard let plan = session.plan else {
            message = "Nothing to apply: \(session.problem ?? "no plan")."
            return .running
        }
        guard plan.changesSomething else { return completeCurrentStep(status: .done) }
        do {
            session.receipts = try EditApplier.apply(plan, on: host, at: Date())
            state.changedHosts.insert(step.host)
            runtime?.transcript?.note("edit step \(step.id) applied: \(plan.summary)")
            message = "Applied: \(plan.summary). " + (plan.activationNote ?? "") + " u undoes it."
        } catch EditApplyError.drifted(let drift) {
            session.drift = drift
            message = "A file changed since this diff was made; r plans again over it."
        } catch {
            message = "Not applied: \(error)"
        }
        return .running
    }

    /// Back from $EDITOR: the operator's text becomes the proposal.
    public mutating func externalFinished() {
        guard let session = liveEdit, let path = session.handEditPath, let step = currentStep,
              let plan = session.plan, session.fileIndex < plan.changes.count else { return }
        session.handEditPath = nil
        do {
            let text = try HandEdit.finish(path)
            session.plan = try HandEdit.replace(plan.changes[session.fileIndex].path, with: text, in: plan, step: step,
                                                answers: state.answers, host: LocalHost(role: step.host), now: Date(),
                                                options: session.options)
            message = session.plan?.notes.last
        } catch {
            message = "Your edit was not taken: \(error)"
        }
    }
}
