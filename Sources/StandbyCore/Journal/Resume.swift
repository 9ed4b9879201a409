/// How a start meets the journal its standby already has: go on where the
/// last walkthrough was, or (`--fresh`) start over after saying what it had
/// done.
public enum Resume {
    public struct Start: Sendable {
        public var state: WalkthroughState
        /// What to tell the operator before the first step.
        public var lines: [String]
        public var resumed: Bool

        public init(state: WalkthroughState, lines: [String], resumed: Bool) {
            self.state = state
            self.lines = lines
            self.resumed = resumed
        }
    }

    /// `given` is this start's state (answers from the file or the forms'
    /// defaults); `saved` what the journal holds. Answers given now win
    /// over the journal's (the operator may have corrected one); the
    /// password is never in the journal and must come with this start.
    public static func start(_ given: WalkthroughState, saved: WalkthroughState?, walkthrough: Walkthrough,
                             fresh: Bool, journalPath: String) -> Start {
        guard let saved, !isFinished(saved, walkthrough: walkthrough) else {
            return Start(state: given, lines: [], resumed: false)
        }
        let done = summary(saved, walkthrough: walkthrough)
        if fresh {
            return Start(state: given, lines: ["Starting over (--fresh). The journal \(journalPath) said:"] + done, resumed: false)
        }
        guard saved.mode == given.mode, saved.role == given.role else {
            return Start(state: given,
                         lines: ["The journal \(journalPath) is of a \(saved.mode.rawValue) walkthrough\(saved.role.map { " of the \($0.rawValue)'s part" } ?? ""); starting this one afresh. It said:"] + done,
                         resumed: false)
        }
        var state = saved
        for (name, value) in given.answers.values { state.answers[name] = value }
        state.answers[Answers.passwordName] = given.answers.password
        let at = saved.currentStepID.flatMap { id in walkthrough.screens.first { $0.id == id }?.title } ?? "the first step"
        return Start(state: state, lines: ["Resuming from \(journalPath) at \"\(at)\"; --fresh starts over."] + done, resumed: true)
    }

    /// Every step that applies was done or skipped: nothing to resume.
    public static func isFinished(_ state: WalkthroughState, walkthrough: Walkthrough) -> Bool {
        let steps = walkthrough.visibleSteps(in: state)
        return !steps.isEmpty && steps.allSatisfy { state.status(of: $0.id) != .pending }
    }

    /// What the journal says was done, a line a step, with what it left
    /// behind (backups, directories set aside).
    public static func summary(_ state: WalkthroughState, walkthrough: Walkthrough) -> [String] {
        walkthrough.visibleSteps(in: state).compactMap { step -> String? in
            let status = state.status(of: step.id)
            let record = state.records[step.id]
            guard status != .pending || (record?.attempts ?? 0) > 0 else { return nil }
            var line = "  \(status == .pending ? "interrupted" : status.rawValue): \(step.title)"
            if let kept = record?.outputTail.first(where: { $0.hasPrefix("kept as ") }) { line += " (\(kept))" }
            if let backups = record?.backups, !backups.isEmpty { line += " (backups: \(backups.joined(separator: ", ")))" }
            return line
        }
    }
}
