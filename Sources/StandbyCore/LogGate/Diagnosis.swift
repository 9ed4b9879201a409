/// Why a gate did not pass, in words for the operator.
public struct Diagnosis: Sendable, Equatable {
    /// A FailureCatalog id, or `timeout`.
    public var failureID: String
    public var explanation: String
    /// Candidate step ids, the first that applies to the walkthrough meant.
    public var backTo: [String]
    /// The log lines that show it, as written.
    public var lines: [String]

    public static let timeoutID = "timeout"

    public init(failureID: String, explanation: String, backTo: [String], lines: [String]) {
        self.failureID = failureID
        self.explanation = explanation
        self.backTo = backTo
        self.lines = lines
    }
}

public enum GateVerdict: Sendable, Equatable {
    case waiting(remainingSeconds: Int)
    case passed([GateSignal])
    case failed([Diagnosis])

    /// Next stays blocked until the gate passes or is overridden.
    public var blocksNext: Bool {
        if case .passed = self { return false }
        return true
    }
}
