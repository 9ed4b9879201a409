import Foundation

/// A command step: planned, shown, asked, run with live output, then
/// passed or failed. A failure holds Next until the operator retries,
/// edits, skips (typing the word) or quits. No I/O: the process, its
/// output and the transcript belong to the executor.
public struct CommandDriver: Sendable {
    public enum Phase: Sendable, Equatable {
        case planning
        /// The answers do not yet allow a command line.
        case unplannable(String)
        /// Shown, not yet asked to run.
        case ready
        /// The guard found a data directory in production: the operator
        /// types this word (the cluster) before the question is asked.
        case awaitingWord(String)
        /// Asked "run this?"; a destructive step runs only on y.
        case confirming
        case running
        case succeeded(PtyProcess.Exit)
        case failed(PtyProcess.Exit)
        case couldNotStart(String)
        /// Skipped after a failure, on the operator's typed word.
        case skipped
    }

    public static let skipWord = "skip"

    public let stepID: String
    /// The gate right after this step on the same host, whose log must be
    /// noted before the command makes the server write.
    public let gateStepID: String?
    public private(set) var phase: Phase = .planning
    public private(set) var plan: CommandPlan?
    public private(set) var attempts = 0
    /// Why the last run failed, when its output or the server log says.
    public private(set) var diagnoses: [Diagnosis] = []
    public let guardedBy: CommandGuard?
    /// What the guard found; nil until it answered.
    public private(set) var guardVerdict: StandbyDirectoryGuard.Verdict?
    private var wordTyped = false
    /// Ctrl-C during this run: its end is the operator's doing.
    private var interrupted = false

    /// The step's limit; the executor stops a command that runs longer.
    public let timeoutSeconds: Int?

    public init(stepID: String, gateStepID: String?, guardedBy: CommandGuard? = nil, timeoutSeconds: Int? = nil) {
        self.stepID = stepID
        self.gateStepID = gateStepID
        self.guardedBy = guardedBy
        self.timeoutSeconds = timeoutSeconds
    }

    var entryEffects: [StepEffect] {
        guard phase == .planning else { return [] }
        return [.planCommand(stepID: stepID)] + (guardedBy.map { [.checkGuard(stepID: stepID, guardedBy: $0)] } ?? [])
    }

    public var isFailed: Bool {
        switch phase {
        case .failed, .couldNotStart: true
        default: false
        }
    }

    /// From the question on, the pane shows the command's own view.
    public var showsOutput: Bool {
        switch phase {
        case .planning, .unplannable, .ready, .awaitingWord: false
        default: true
        }
    }

    /// Nothing started and nothing to lose: planned again when the answers change.
    var isIdle: Bool {
        switch phase {
        case .planning, .unplannable, .ready, .confirming, .awaitingWord: true
        default: false
        }
    }

    mutating func handle(_ event: StepEvent) -> StepReaction {
        switch (phase, event) {
        case (.planning, .commandPlanned(let plan)), (.unplannable, .commandPlanned(let plan)):
            self.plan = plan
            phase = .ready
        case (.planning, .commandUnplannable(let why)):
            phase = .unplannable(why)
        case (.unplannable, .proceed):
            return StepReaction(message: "This step needs answers that are missing; go back and fill them in.")
        case (_, .guardChecked(let verdict)):
            guardVerdict = verdict
            // What the wizard checked itself goes in the transcript too,
            // in the words the screen and plan use.
            let found: [String] = switch verdict {
            case .clear(let lines), .alreadyDone(let lines), .confirm(let lines, _), .refused(let lines, _): lines
            }
            return StepReaction(effects: found.map { .note("\(stepID) checked first: \($0)") })
        case (.ready, .proceed):
            switch (guardedBy, guardVerdict) {
            case (nil, _), (_, .clear?):
                phase = .confirming
            case (_?, nil):
                return StepReaction(message: "Still checking first; a moment.")
            case (_, .refused(let why, _)?):
                return StepReaction(message: "Refused: " + (why.first ?? "the check failed"))
            case (_, .confirm(_, let word)?):
                if wordTyped { phase = .confirming } else { phase = .awaitingWord(word) }
            case (_, .alreadyDone(let found)?):
                let why = found.last ?? "nothing to do"
                return StepReaction(effects: [.note("\(stepID) not run: \(why)")], message: "Not needed: \(why).",
                                    outcome: .completed(.done))
            }
        case (.awaitingWord(let word), .typedWord(let typed)):
            guard typed.trimmingCharacters(in: .whitespaces) == word else {
                phase = .ready
                return StepReaction(message: "Not confirmed: the cluster is \(word). Nothing was stopped or moved.")
            }
            wordTyped = true
            phase = .confirming
            return StepReaction(effects: [.note("\(stepID): the operator typed \(word) to set aside a data directory in production")])
        case (.awaitingWord, .cancel), (.awaitingWord, .decline):
            phase = .ready
        case (.confirming, .confirm):
            return start()
        case (.confirming, .proceed):
            // Enter at the question means No for a step that moves data.
            if plan?.destructive == true {
                phase = .ready
                return StepReaction(message: "Not run: this step changes data on disk, so only y runs it.")
            }
            return start()
        case (.confirming, .decline), (.confirming, .cancel):
            phase = .ready
        case (.running, .cancel):
            interrupted = true
            return StepReaction(effects: [.interruptCommand(stepID: stepID)])
        case (.running, .commandCouldNotStart(let why)):
            phase = .couldNotStart(why)
        case (.running, .commandExited(let exit, let diagnoses, _)):
            phase = exit.succeeded ? .succeeded(exit) : .failed(exit)
            self.diagnoses = exit.succeeded ? [] : diagnoses
            if interrupted && !exit.succeeded {
                // What the command said as it died comes after the cause.
                self.diagnoses = [CommandInterruption.diagnosis] + diagnoses.filter { $0.failureID != CommandTimeout.diagnosisID }
            }
            // A command that ran at all may have changed its host.
            return StepReaction(changedHost: true)
        case (.succeeded, .proceed):
            return StepReaction(outcome: .completed(.done))
        case (.skipped, .proceed):
            return StepReaction(outcome: .completed(.skipped))
        case (_, .retry) where isFailed:
            return start()
        case (.succeeded, .retry):
            // Done already, asked again: the operator means it.
            phase = .confirming
        case (_, .editCommand(let line)) where isFailed || phase == .ready:
            guard let edited = plan?.editing(commandLine: line) else { return .none }
            plan = edited
            phase = .confirming
            return StepReaction(effects: [.note("command edited by the operator: \(edited.shownCommand)")])
        case (.unplannable, .skip(let typed)) where typed == Self.skipWord:
            phase = .skipped
            return StepReaction(outcome: .completed(.skipped))
        case (_, .skip(let typed)) where isFailed:
            guard typed.trimmingCharacters(in: .whitespaces).lowercased() == Self.skipWord else {
                return StepReaction(message: "Not skipped: type the word skip.")
            }
            phase = .skipped
            let shown = plan?.shownCommand ?? stepID
            return StepReaction(effects: [.note("SKIPPED after failure, confirmed by typing \"\(Self.skipWord)\": \(shown)")])
        case (_, .proceed) where isFailed:
            return StepReaction(message: "The command failed: r retry, e edit, v full output, s skip, q quit.")
        default:
            break
        }
        return .none
    }

    private mutating func start() -> StepReaction {
        guard let plan else { return .none }
        attempts += 1
        diagnoses = []
        interrupted = false
        phase = .running
        return StepReaction(effects: [.startCommand(stepID: stepID, plan: plan, gateStepID: gateStepID)])
    }
}
