import Foundation

/// What happens to a step: the operator's choices (or `run`'s, which says
/// yes to everything), and the results of the effects it asked for. A
/// driver takes these and answers with its next state and new effects.
public enum StepEvent: Sendable {
    // The operator.
    /// Enter: run, apply, check or continue, whatever the step offers next.
    case proceed
    /// y at a question.
    case confirm
    /// n at a question.
    case decline
    /// Ctrl-C or Esc while something runs: interrupt the command, cancel
    /// the checks.
    case cancel
    case retry
    /// The word the operator typed to skip; only "skip" skips.
    case skip(typed: String)
    case editCommand(String)
    /// The words typed to pass a gate that did not pass.
    case override(typed: String)
    /// The diff of the backups, before putting them back.
    case undo
    /// Esc at the undo diff: keep the edit.
    case keepEdit
    case replan
    case recheck
    case nextFile
    /// The word a guarded step asked for (the standby's cluster).
    case typedWord(String)
    /// A form's answers, submitted.
    case submit(Answers)
    /// The operator's own text for an edit (from $EDITOR) became the plan.
    case replacePlan(StepEditPlan)
    /// Time passes: gates read their log again.
    case tick(Date)

    // Results of effects.
    case commandPlanned(CommandPlan)
    case commandUnplannable(String)
    case commandCouldNotStart(String)
    case commandExited(PtyProcess.Exit, diagnoses: [Diagnosis], outputTail: [String])
    case editPlanned(StepEditPlan)
    case editUnplannable(String)
    case editApplied([SafeWriteReceipt])
    case editDrifted([FileDrift])
    case editFailed(String)
    case undoPlanned(StepEditPlan)
    case undone
    case gateReady(LogLocation, logStart: LogPosition)
    case gateUnavailable(String)
    case gateVerdict(GateVerdict, signalsSeen: [GateSignal])
    case checksFinished([Verification.Result])
    case surveyed([HostSurvey.Finding])
    case guardChecked(StandbyDirectoryGuard.Verdict)
}

/// Where a gate began reading a server log, kept in the walkthrough's
/// record: a resumed gate knows what was already read.
public struct LogPosition: Codable, Sendable, Equatable {
    public var path: String
    public var offset: UInt64

    public init(path: String, offset: UInt64) {
        self.path = path
        self.offset = offset
    }
}
