import StandbyCore
import StandbyTUI

/// The lines left on the terminal after the wizard closes. The Linux console
/// has no alternate screen, so this is what the operator sees next.
enum ExitSummary {
    static func text(for app: WizardApp, reason: QuitReason) -> String {
        let ending: ExitReport.Ending = switch reason {
        case .finished: .finished
        case .operatorQuit: .stopped
        case .signal(let sig): .signal(sig)
        }
        return ExitReport(walkthrough: app.walkthrough, state: app.state, ending: ending,
                          transcriptPath: app.executor.transcript?.writtenPath,
                          journalPath: app.executor.journal?.journal?.path).text
    }
}
