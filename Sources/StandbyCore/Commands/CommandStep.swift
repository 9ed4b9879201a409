import Foundation

/// The life of one command step, driven by the TUI without blocking:
/// shown, confirmed, run with live output, then passed or failed. A failed
/// step holds Next until the operator retries, edits, skips (typing "skip")
/// or quits.
public final class CommandStep: @unchecked Sendable {
    public enum State: Sendable, Equatable {
        /// Shown, not yet asked to run.
        case ready
        /// Asked "run this?"; destructive steps default to No.
        case confirming
        case running
        case succeeded(PtyProcess.Exit)
        case failed(PtyProcess.Exit)
        /// The process could not be started at all.
        case couldNotStart(String)
        /// Skipped after a failure, on the operator's typed word.
        case skipped
    }

    /// What a failed step offers.
    public enum FailureChoice: String, Sendable, CaseIterable {
        case retry, edit, viewOutput = "view full output", skip, quit
    }

    public static let skipWord = "skip"
    /// Redraws while output streams are limited to this rate; the timer and
    /// state changes always draw.
    public static let minimumRedrawInterval: TimeInterval = 0.05

    public private(set) var plan: CommandPlan
    public private(set) var state: State = .ready
    public private(set) var run: CommandRun?
    public private(set) var attempts = 0
    public var size: PtyProcess.Size
    public let scrollback: Int
    public var cancelGrace: TimeInterval = 2
    /// The server log the step makes its server write (the gate after a
    /// start or restart): a failure is explained from it too.
    public var serverLog: LogGate?
    /// Why the last run failed, when its output or the server log says.
    public private(set) var diagnoses: [Diagnosis] = []
    private let facts: HostFacts
    private let transcript: Transcript?
    private var lastDraw = Date.distantPast
    private var lastDrawnSecond = -1
    private var pendingChange = false

    public init(plan: CommandPlan, facts: HostFacts, transcript: Transcript?,
                size: PtyProcess.Size = PtyProcess.Size(rows: 24, columns: 80), scrollback: Int = 10_000) {
        self.plan = plan
        self.facts = facts
        self.transcript = transcript
        self.size = size
        self.scrollback = scrollback
    }

    /// Next is allowed only after success or a recorded skip.
    public var canContinue: Bool {
        switch state {
        case .succeeded, .skipped: true
        default: false
        }
    }

    public var failureChoices: [FailureChoice] {
        switch state {
        case .failed, .couldNotStart: FailureChoice.allCases
        default: []
        }
    }

    /// Enter on a ready step: always ask before running.
    public func requestRun() {
        if state == .ready { state = .confirming }
    }

    public func decline() {
        if state == .confirming { state = .ready }
    }

    public func confirm(now: Date = Date()) {
        guard state == .confirming else { return }
        start(now: now)
    }

    /// From a failure: run the same command again.
    public func retry(now: Date = Date()) {
        guard !failureChoices.isEmpty else { return }
        start(now: now)
    }

    /// From a failure: replace the command line and ask again before running.
    public func edit(commandLine line: String) {
        guard !failureChoices.isEmpty || state == .ready else { return }
        plan = plan.editing(commandLine: line)
        transcript?.note("command edited by the operator: \(plan.shownCommand)")
        state = .confirming
    }

    /// From a failure: skip only when the operator typed the word; recorded.
    @discardableResult
    public func skip(typed: String, now: Date = Date()) -> Bool {
        guard !failureChoices.isEmpty, typed.trimmingCharacters(in: .whitespaces).lowercased() == Self.skipWord else {
            return false
        }
        transcript?.note("SKIPPED after failure, confirmed by typing \"\(Self.skipWord)\": \(plan.shownCommand)", at: now)
        state = .skipped
        return true
    }

    /// Ctrl-C while running stops the command, never the wizard.
    public func interrupt() {
        guard state == .running, let run else { return }
        if run.isCancelling { return }
        transcript?.note("interrupted by the operator (Ctrl-C)")
        run.cancel(grace: cancelGrace)
    }

    /// Keys typed while the command runs go to it.
    public func type(_ bytes: [UInt8]) {
        if state == .running { run?.type(bytes) }
    }

    public func resize(_ newSize: PtyProcess.Size) {
        size = newSize
        run?.resize(newSize)
    }

    /// Call from the main loop (every ~10-50 ms while running). Reads output
    /// for at most `budget`; returns true when the screen should be redrawn.
    public func tick(now: Date = Date(), budget: TimeInterval = 0.01) -> Bool {
        guard state == .running, let run else { return false }
        if run.pump(now: now, budget: budget) { pendingChange = true }
        if let exit = run.exit {
            state = exit.succeeded ? .succeeded(exit) : .failed(exit)
            if !exit.succeeded {
                diagnoses = CommandDiagnosis.diagnose(output: run.buffer.lines, log: serverLog, host: plan.host)
            }
            return markDrawn(now)
        }
        // The elapsed-time display changes once a second.
        let second = Int(run.elapsed(now: now))
        if second != lastDrawnSecond { return markDrawn(now) }
        if pendingChange, now.timeIntervalSince(lastDraw) >= Self.minimumRedrawInterval { return markDrawn(now) }
        return false
    }

    public var isRunning: Bool { state == .running }

    public func elapsed(now: Date = Date()) -> TimeInterval { run?.elapsed(now: now) ?? 0 }

    private func markDrawn(_ now: Date) -> Bool {
        lastDraw = now
        pendingChange = false
        if let run { lastDrawnSecond = Int(run.elapsed(now: now)) }
        return true
    }

    private func start(now: Date) {
        attempts += 1
        diagnoses = []
        do {
            run = try CommandRun(plan: plan, facts: facts, transcript: transcript, size: size,
                                 scrollback: scrollback, now: now)
            state = .running
            lastDrawnSecond = -1
        } catch {
            run = nil
            state = .couldNotStart(String(describing: error))
        }
    }
}
