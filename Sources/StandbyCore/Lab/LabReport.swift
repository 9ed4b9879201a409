import Foundation

/// The trainer's record of the last walkthrough of a lab's exercise: the
/// trail (order and times) read with the journal (how each step stands).
public struct LabReport: Sendable {
    public var state: LabState
    public var trail: [TrailEntry]
    /// The standby's journal, when one was kept.
    public var journal: WalkthroughState?
    public var journalPath: String?
    /// Step titles by id, from the walkthrough's screens.
    public var titles: [String: String]

    public init(state: LabState, trail: [TrailEntry], journal: WalkthroughState?, journalPath: String?, titles: [String: String]) {
        self.state = state
        self.trail = trail
        self.journal = journal
        self.journalPath = journalPath
        self.titles = titles
    }

    public var failures: [TrailEntry] { trail.filter { $0.kind == .failure } }

    /// The first failure and the moment its step passed after it, if it did.
    public var firstFailureToFix: (failure: TrailEntry, fixed: TrailEntry?)? {
        guard let first = failures.first else { return nil }
        let fixed = trail.first { $0.kind == .passed && $0.step == first.step && $0.at >= first.at }
        return (first, fixed)
    }

    /// The walkthrough ended verified: the trail says so, or the journal's
    /// verification step is done.
    public var verified: Bool {
        trail.last(where: { $0.kind == .end })?.detail == "verified" || journal?.status(of: "verify") == .done
    }

    public func lines() -> [String] {
        guard let exercise = state.exercise else { return ["this lab was made without an exercise: there is nothing to report"] }
        var out: [String] = []
        out.append("Exercise: \(exercise.rawValue)\(state.pickedAtRandom ? " (picked at random)" : ""): \(exercise.summary)")
        let (stopStep, stopDiagnosis) = exercise.expectedStop
        out.append("Where it shows: \(named(stopStep)), diagnosis \(stopDiagnosis)")
        guard let start = trail.first else {
            out.append("No walkthrough of this lab has been recorded yet.")
            return out
        }
        let last = trail.last ?? start
        out.append("Walkthrough: \(Self.clock(start.at)) to \(Self.clock(last.at)) (\(Self.duration(last.at.timeIntervalSince(start.at))))")
        let visits = trail.filter { $0.kind == .visit }.map(\.step)
        out.append("Steps visited (\(visits.count)):")
        out += Self.wrapList(Self.runs(visits), indent: "  ")
        out.append("Failures (\(failures.count)):")
        for failure in failures {
            out.append("  \(Self.clock(failure.at))  \(failure.step): \((failure.diagnoses ?? []).joined(separator: ", "))")
        }
        if failures.isEmpty { out.append("  none") }
        if let first = failures.first {
            let right = first.step == stopStep && (first.diagnoses ?? []).contains(stopDiagnosis)
            out.append("First failure: " + (right ? "at the exercise's step with its diagnosis"
                                                  : "not the exercise's (expected \(stopStep), \(stopDiagnosis))"))
        }
        for (kind, label) in [(TrailEntry.Kind.retry, "Retries"), (.skip, "Skips"), (.override, "Overrides")] {
            let steps = trail.filter { $0.kind == kind }.map(\.step)
            out.append("\(label): \(steps.count)" + (steps.isEmpty ? "" : " (" + Self.runs(steps).joined(separator: ", ") + ")"))
        }
        if let (failure, fixed) = firstFailureToFix {
            if let fixed {
                out.append("First failure to fix: \(Self.duration(fixed.at.timeIntervalSince(failure.at))) (\(failure.step) failed at \(Self.clock(failure.at)), passed at \(Self.clock(fixed.at)))")
            } else {
                out.append("First failure to fix: not fixed (\(failure.step) failed at \(Self.clock(failure.at)))")
            }
        }
        let end = trail.last(where: { $0.kind == .end })
        let ending = end.map { "ended \($0.detail ?? "")" + ($0.step.isEmpty ? "" : " at step \($0.step)") + ", \(Self.clock($0.at))" }
            ?? "no end recorded: still under way, or cut off"
        let sessions = trail.filter { $0.kind == .end }.count
        out.append("Verified: \(verified ? "yes" : "no") (\(ending)\(sessions > 1 ? "; \(sessions) sessions" : ""))")
        if let journal {
            let statuses = journal.statuses.values
            let attempts = journal.records.filter { $0.value.attempts > 1 }.sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value.attempts)" }
            out.append("Journal\(journalPath.map { " (\($0))" } ?? ""): \(statuses.filter { $0 == .done }.count) done, "
                       + "\(statuses.filter { $0 == .skipped }.count) skipped, \(statuses.filter { $0 == .failed }.count) failed"
                       + (attempts.isEmpty ? "" : "; commands run more than once: " + attempts.joined(separator: ", ")))
        } else {
            out.append("Journal: none found")
        }
        return out
    }

    private func named(_ step: String) -> String {
        titles[step].map { "\"\($0)\" (\(step))" } ?? step
    }

    /// Repeats in a row folded: a, b x3, c.
    static func runs(_ steps: [String]) -> [String] {
        var out: [(String, Int)] = []
        for step in steps {
            if let last = out.last, last.0 == step { out[out.count - 1].1 += 1 } else { out.append((step, 1)) }
        }
        return out.map { $0.1 > 1 ? "\($0.0) x\($0.1)" : $0.0 }
    }

    static func wrapList(_ items: [String], indent: String, width: Int = 78) -> [String] {
        LabDebrief.wrap(items.joined(separator: ", "), width: width, indent: indent)
    }

    static func clock(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: date)
    }

    static func duration(_ seconds: TimeInterval) -> String {
        let whole = max(0, Int(seconds.rounded()))
        return whole >= 60 ? "\(whole / 60)m\(String(format: "%02d", whole % 60))s" : "\(whole)s"
    }
}
