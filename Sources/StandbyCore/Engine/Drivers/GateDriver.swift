import Foundation

/// A log gate: progress waits until the server's own log shows the step
/// worked, or explains why not. Reading the log is an effect; the driver
/// keeps the verdict.
public struct GateDriver: Sendable {
    public enum Phase: Sendable, Equatable {
        case settingUp
        /// No log can be read; only a typed override continues.
        case unavailable(String)
        case watching
    }

    public let stepID: String
    public let action: GateAction
    public private(set) var phase: Phase = .settingUp
    public private(set) var verdict: GateVerdict = .waiting(remainingSeconds: 0)
    public private(set) var signalsSeen: [GateSignal] = []
    public private(set) var location: LogLocation?

    public init(stepID: String, action: GateAction) {
        self.stepID = stepID
        self.action = action
        verdict = .waiting(remainingSeconds: action.timeoutSeconds)
    }

    var entryEffects: [StepEffect] { phase == .settingUp ? [.setUpGate(stepID: stepID)] : [] }

    public var passed: Bool {
        if case .passed = verdict { return true }
        return false
    }

    public var isWaiting: Bool {
        if phase == .watching, case .waiting = verdict { return true }
        return false
    }

    mutating func handle(_ event: StepEvent) -> StepReaction {
        switch (phase, event) {
        case (_, .gateReady(let location, _)):
            phase = .watching
            self.location = location
            return StepReaction(effects: [.pollGate(stepID: stepID)])
        case (.settingUp, .gateUnavailable(let why)):
            phase = .unavailable(why)
        case (.watching, .gateVerdict(let verdict, let seen)):
            self.verdict = verdict
            signalsSeen = seen
        case (.watching, .tick), (.watching, .recheck):
            return StepReaction(effects: [.pollGate(stepID: stepID)])
        case (.watching, .proceed):
            switch verdict {
            case .passed: return StepReaction(outcome: .completed(.done))
            case .waiting(let seconds): return StepReaction(message: "Still waiting for the log (\(seconds) s left).")
            case .failed: return StepReaction(message: "The log shows a problem; Next stays blocked until it is fixed or overridden.")
            }
        case (.unavailable, .proceed):
            return StepReaction(message: "No log to check; type o to continue anyway (recorded).")
        case (_, .override(let typed)):
            guard typed.trimmingCharacters(in: .whitespaces).lowercased() == GateOverride.phrase else {
                return StepReaction(message: "Not overridden: type the words continue anyway.")
            }
            let line = GateOverride(stepID: stepID, typed: typed, verdict: verdict, at: Date())?.transcriptLine
                ?? "gate \(stepID) passed by the operator without a log to read"
            return StepReaction(effects: [.note(line)], outcome: .completed(.skipped))
        default:
            break
        }
        return .none
    }

    /// The earlier step that explains a failure, if the diagnosis names one.
    public var causeSteps: [String] {
        guard case .failed(let diagnoses) = verdict else { return [] }
        return diagnoses.flatMap(\.backTo)
    }
}
