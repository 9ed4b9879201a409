/// What the operator reads on the normal terminal once the wizard has
/// closed: where it stopped, each step done or skipped (with what it left
/// behind), where the old data directory was set aside, where the
/// transcript and the journal are, and what to do next. Built from the
/// walkthrough state alone, as the journal keeps it.
public struct ExitReport: Sendable {
    public enum Ending: Sendable, Equatable {
        /// Every step that applies was done or skipped.
        case finished
        /// The operator quit at the step in view.
        case stopped
        /// A signal ended it (SIGTERM, SIGHUP).
        case signal(Int32)
    }

    public var lines: [String]

    public init(walkthrough: Walkthrough, state: WalkthroughState, ending: Ending,
                transcriptPath: String?, journalPath: String?) {
        let steps = walkthrough.visibleSteps(in: state)
        let done = steps.filter { state.status(of: $0.id) == .done }
        let skipped = steps.filter { state.status(of: $0.id) == .skipped }
        let failed = steps.filter { state.status(of: $0.id) == .failed }
        var position = "no step"
        if let id = state.currentStepID, let index = steps.firstIndex(where: { $0.id == id }) {
            position = "step \(index + 1) of \(steps.count) (\(steps[index].title))"
        }
        var lines: [String]
        switch ending {
        case .finished: lines = ["standby-wizard: reached the end of the walkthrough"]
        case .stopped: lines = ["standby-wizard: stopped at \(position)"]
        case .signal(let sig): lines = ["standby-wizard: stopped by signal \(sig) at \(position)"]
        }
        lines[0] += "."
        // Short enough for a 25-row console to keep the first line in view:
        // titles run on in a paragraph, backups grouped by directory.
        let titles = { (list: [ScreenDefinition]) in list.map(\.title).joined(separator: ", ") }
        lines.append("\(done.count) done, \(skipped.count) skipped" + (done.isEmpty ? "." : ": " + titles(done) + "."))
        if !skipped.isEmpty { lines.append("Skipped: " + titles(skipped) + ".") }
        if !failed.isEmpty { lines.append("Failed: " + titles(failed) + ".") }
        // Backups sit beside the files they keep, on each step's host.
        var byDirectory: [(String, [String])] = []
        for step in steps {
            for backup in state.records[step.id]?.backups ?? [] {
                let slash = backup.lastIndex(of: "/") ?? backup.startIndex
                let place = "on the \(step.host.rawValue), in \(backup[..<slash])"
                let name = String(backup[backup.index(after: slash)...])
                if let index = byDirectory.firstIndex(where: { $0.0 == place }) {
                    byDirectory[index].1.append(name)
                } else {
                    byDirectory.append((place, [name]))
                }
            }
        }
        for (place, names) in byDirectory {
            lines.append("Backups of the edited files \(place): " + names.joined(separator: ", ") + ".")
        }

        let setAside = state.records.values.flatMap(\.outputTail).filter { $0.hasPrefix("kept as ") }
        for line in setAside {
            lines.append("The old data directory was set aside, not deleted: \(line.dropFirst("kept as ".count)).")
        }
        if let transcriptPath { lines.append("Transcript: \(transcriptPath)") }
        if let journalPath { lines.append("Journal: \(journalPath)") }

        lines.append("Next:")
        let verified = steps.contains { step in
            if case .verify = step.action, !(state.records[step.id]?.checks.isEmpty ?? true) {
                return state.status(of: step.id) == .done && state.records[step.id]?.checks.values.allSatisfy { $0 } == true
            }
            return false
        }
        if ending == .finished && failed.isEmpty {
            if verified {
                lines.append("- The standby follows the primary. `standby-wizard check --answers FILE` checks it any day after, from cron or monitoring (exit status 0 OK, 1 warning, 2 critical).")
            } else {
                lines.append("- Run the checks (the last steps, or `standby-wizard check`) before relying on the standby.")
            }
            if !setAside.isEmpty {
                lines.append("- Delete the directory set aside only once the standby has run well for a while.")
            }
        } else {
            if let step = failed.first {
                lines.append("- \"\(step.title)\" failed: the transcript has its output; put it right first.")
            }
            if state.currentStepID != nil {
                lines.append("- Start standby-wizard again the same way: it resumes at \"\(steps.first { $0.id == state.currentStepID }?.title ?? "the step it was on")\" from the journal (--fresh starts over).")
            }
            if !skipped.isEmpty {
                lines.append("- Skipped steps were not done by the wizard: do them by hand or go back to them.")
            }
        }
        self.lines = lines.flatMap { Self.wrap($0) }
    }

    public var text: String { lines.joined(separator: "\n") }

    /// Rows of at most `width` columns, continued two spaces in. A word
    /// too long for a row of its own (a path) stays beside its label, and
    /// the terminal wraps it.
    static func wrap(_ text: String, width: Int = 79) -> [String] {
        var rows: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let indent = rows.isEmpty ? "" : "  "
            if current.isEmpty {
                current = indent + word
            } else if current.count + 1 + word.count <= width || word.count > width - 2 {
                current += " " + word
            } else {
                rows.append(current)
                current = "  " + word
            }
        }
        if !current.isEmpty { rows.append(current) }
        return rows
    }
}
