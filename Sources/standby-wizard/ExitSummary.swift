import StandbyCore
import StandbyTUI

/// The lines left on the terminal after the wizard closes. The Linux console
/// has no alternate screen, so this is what the operator sees next.
enum ExitSummary {
    static func text(for app: WizardApp, reason: QuitReason) -> String {
        let steps = app.steps
        let done = steps.filter { app.state.status(of: $0.id) == .done }.count
        let skipped = steps.filter { app.state.status(of: $0.id) == .skipped }.count
        let position: String
        if let step = app.currentStep, let index = steps.firstIndex(where: { $0.id == step.id }) {
            position = "step \(index + 1) of \(steps.count) (\(step.title))"
        } else {
            position = "no step"
        }
        let how: String
        switch reason {
        case .finished: how = "standby-wizard: reached the end of the walkthrough"
        case .operatorQuit: how = "standby-wizard: stopped at \(position)"
        case .signal(let sig): how = "standby-wizard: stopped by signal \(sig) at \(position)"
        }
        return "\(how); \(done) done, \(skipped) skipped."
    }
}
