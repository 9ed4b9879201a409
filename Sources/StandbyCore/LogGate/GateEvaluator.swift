import Foundation

/// Judges a gate from the entries its log region has shown so far. Pure:
/// the caller feeds entries and asks with the current time, so tests need
/// neither a server nor a clock.
///
/// A failure stands until every expected signal has been seen and the
/// last of them came after it: the operator fixes the primary, the
/// standby retries and streams, and a re-check passes.
public struct GateEvaluator: Sendable {
    public let expect: [GateSignal]
    public let timeoutSeconds: Int
    public let host: HostRole
    public let startedAt: Date

    /// The sequence number of the latest entry showing each signal.
    public private(set) var seen: [GateSignal: Int] = [:]
    private var failures: [Int: (KnownFailure, [String])] = [:]
    private var alarming: [LogEntry] = []
    /// The last two entries, to find the one just above a failure.
    private var recent: [LogEntry] = []

    /// Enough failures to explain a retry loop, not all of a long one.
    private static let keptFailures = 32
    static let keptAlarming = 6

    public init(gate: GateAction, host: HostRole, startedAt: Date) {
        expect = gate.expect
        timeoutSeconds = gate.timeoutSeconds
        self.host = host
        self.startedAt = startedAt
    }

    /// Takes an entry; the same sequence number again (an entry that
    /// gained DETAIL lines since) replaces what was learnt from it.
    public mutating func consume(_ entry: LogEntry) {
        for signal in expect where GateSignals.pattern(for: signal).matches(entry) {
            seen[signal] = max(seen[signal] ?? -1, entry.sequence)
        }
        if let failure = FailureCatalog.match(entry) {
            var lines = entry.rawLines
            // archive_command's own stderr lands just above the LOG line
            // that reports the failure; it names the real cause.
            if let previous = recent.first(where: { $0.sequence == entry.sequence - 1 }), previous.severity == nil {
                lines = previous.rawLines + lines
            }
            failures[entry.sequence] = (failure, lines)
            if failures.count > Self.keptFailures, let oldest = failures.keys.min() { failures[oldest] = nil }
        }
        if let severity = entry.severity, severity.isWarningOrWorse {
            alarming.removeAll { $0.sequence == entry.sequence }
            alarming.append(entry)
            if alarming.count > Self.keptAlarming { alarming.removeFirst() }
        }
        recent.removeAll { $0.sequence == entry.sequence }
        recent.append(entry)
        if recent.count > 2 { recent.removeFirst() }
    }

    /// Every pattern `consume` tests entries against.
    var patterns: [MessagePattern] {
        expect.map(GateSignals.pattern(for:)) + FailureCatalog.entries.map(\.pattern)
    }

    public var signalsSeen: [GateSignal] { expect.filter { seen[$0] != nil } }

    /// The latest warnings and worse, for a failure no catalogue entry names.
    public var warningsAndErrors: [LogEntry] { alarming }

    public func remainingSeconds(at now: Date) -> Int {
        max(0, Int((startedAt.addingTimeInterval(TimeInterval(timeoutSeconds)).timeIntervalSince(now)).rounded(.up)))
    }

    public func verdict(at now: Date) -> GateVerdict {
        let lastFailure = failures.keys.max() ?? -1
        let allSeen = expect.allSatisfy { seen[$0] != nil }
        let lastSignal = seen.values.max() ?? -1
        if allSeen && lastSignal > lastFailure { return .passed(expect) }
        if !failures.isEmpty { return .failed(diagnoses()) }
        let remaining = remainingSeconds(at: now)
        if remaining > 0 { return .waiting(remainingSeconds: remaining) }
        return .failed([timeoutDiagnosis()])
    }

    /// One diagnosis per kind of failure, with its latest occurrence: a
    /// standby retrying every five seconds says the same thing each time.
    private func diagnoses() -> [Diagnosis] {
        var latest: [String: (Int, KnownFailure, [String])] = [:]
        for (sequence, (failure, lines)) in failures where sequence > (latest[failure.id]?.0 ?? -1) {
            latest[failure.id] = (sequence, failure, lines)
        }
        return latest.values.sorted { $0.0 < $1.0 }.map { _, failure, lines in
            Diagnosis(failureID: failure.id, explanation: failure.explanation,
                      backTo: failure.backTo.steps(on: host), lines: lines)
        }
    }

    private func timeoutDiagnosis() -> Diagnosis {
        let missing = expect.filter { seen[$0] == nil }.map { "\"\(GateSignals.wording(of: $0))\"" }
        var text = "No \(missing.joined(separator: ", ")) line within \(timeoutSeconds) seconds."
        text += alarming.isEmpty
            ? " The log shows no warning or error since the step began; the server may still be busy or not running at all."
            : " The warnings and errors since the step began are below."
        return Diagnosis(failureID: Diagnosis.timeoutID, explanation: text, backTo: [],
                         lines: alarming.flatMap(\.rawLines))
    }
}
