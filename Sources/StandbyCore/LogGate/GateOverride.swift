import Foundation

/// The operator's decision to go on although a gate did not pass. It takes
/// a typed phrase, not a key, so it cannot happen by a stray Enter, and it
/// keeps what it overrode for the transcript.
public struct GateOverride: Sendable, Equatable {
    public static let phrase = "continue anyway"

    public var stepID: String
    public var typed: String
    public var at: Date
    /// Catalog ids (or `timeout`) that stood when the operator went on.
    public var overridden: [String]

    /// Nil unless `typed` is the phrase (case and surrounding spaces aside).
    public init?(stepID: String, typed: String, verdict: GateVerdict, at: Date) {
        guard typed.trimmingCharacters(in: .whitespaces).lowercased() == Self.phrase else { return nil }
        self.stepID = stepID
        self.typed = typed
        self.at = at
        switch verdict {
        case .failed(let diagnoses): overridden = diagnoses.map(\.failureID)
        case .waiting: overridden = [Diagnosis.timeoutID]
        case .passed: overridden = []
        }
    }

    /// One line for the transcript.
    public var transcriptLine: String {
        let stamp = ISO8601DateFormatter().string(from: at)
        let what = overridden.isEmpty ? "nothing" : overridden.joined(separator: ", ")
        return "\(stamp) gate \(stepID) overridden by the operator (typed \"\(typed)\"); standing: \(what)"
    }
}
