import Foundation

/// The final checks. They take seconds (a row must travel, a WAL file must
/// reach the archive), so they run off the main loop: the screen keeps
/// drawing, counts down, and Esc cancels them.
public struct VerifyDriver: Sendable {
    public enum Phase: Sendable, Equatable {
        case ready
        case running
        case finished([Verification.Result])
    }

    public let stepID: String
    public let checks: [VerifyCheck]
    public private(set) var phase: Phase = .ready

    public init(stepID: String, checks: [VerifyCheck]) {
        self.stepID = stepID
        self.checks = checks
    }

    public var results: [Verification.Result]? {
        if case .finished(let results) = phase { return results }
        return nil
    }

    public var passed: Bool { results.map { !$0.isEmpty && $0.allSatisfy(\.passed) } ?? false }
    public var wasCancelled: Bool { results?.contains { $0.failureID == Verification.cancelledID } ?? false }

    mutating func handle(_ event: StepEvent) -> StepReaction {
        switch (phase, event) {
        case (.finished, .proceed) where passed:
            return StepReaction(outcome: .completed(.done))
        case (.ready, .proceed), (.finished, .proceed), (.finished, .retry):
            phase = .running
            return StepReaction(effects: [.startChecks(stepID: stepID, checks: checks)])
        case (.running, .cancel):
            return StepReaction(effects: [.cancelChecks(stepID: stepID)])
        case (.running, .checksFinished(let results)):
            phase = .finished(results)
            let notes = results.map { result in
                StepEffect.note("verify \(result.check.rawValue): \(result.passed ? "passed" : "FAILED")\n"
                                + result.reportLines.map { "  " + $0 }.joined(separator: "\n"))
            }
            // The pane says how it ended; the status row stays free.
            return StepReaction(effects: notes)
        default:
            break
        }
        return .none
    }
}
