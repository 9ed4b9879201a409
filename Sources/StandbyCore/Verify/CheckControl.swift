import Foundation

/// The line between checks running off the main loop and the screen that
/// shows them: the checks say what they wait for and until when, the
/// operator may cancel. Safe to use from both threads.
public final class CheckControl: @unchecked Sendable {
    public struct Progress: Sendable, Equatable {
        /// What is being waited for, in words.
        public var waitingFor: String
        /// When the current wait gives up; the screen counts down to it.
        public var deadline: Date?

        public init(waitingFor: String, deadline: Date? = nil) {
            self.waitingFor = waitingFor
            self.deadline = deadline
        }
    }

    private let lock = NSLock()
    private var cancelled = false
    private var current: Progress?
    private var finished: [Verification.Result] = []

    public init() {}

    public func cancel() { lock.withLock { cancelled = true } }
    public var isCancelled: Bool { lock.withLock { cancelled } }

    public var progress: Progress? { lock.withLock { current } }
    func report(_ progress: Progress?) { lock.withLock { current = progress } }

    /// The checks done so far, in order.
    public var results: [Verification.Result] { lock.withLock { finished } }
    func add(_ result: Verification.Result) { lock.withLock { finished.append(result) } }

    /// Between readings of something that changes within milliseconds on a
    /// healthy pair (a row replayed, a WAL file archived): 10 ms at first,
    /// doubling up to `cap`. A reading is one line to a psql session; a
    /// slow pair is read no more often than every `cap` seconds.
    static func pollInterval(after polls: Int, cap: TimeInterval) -> TimeInterval {
        min(cap, 0.01 * Double(1 << min(polls, 16)))
    }

    /// Waits in short slices so that a cancel is seen within one.
    func pause(_ seconds: TimeInterval) {
        let end = Date().addingTimeInterval(seconds)
        while !isCancelled, Date() < end { Thread.sleep(forTimeInterval: min(0.05, max(0, end.timeIntervalSinceNow))) }
    }
}

extension Verification.Result {
    /// The verdict and every line of evidence, as `run` prints them and the
    /// transcript keeps them: the same lines the screen shows under the check.
    public var reportLines: [String] {
        ["[\(passed ? "x" : "!")] \(check.rawValue): \(detail.first ?? "")"] + detail.dropFirst().map { "    " + $0 }
    }
}

extension Verification {
    /// The failure id of a check the operator cancelled.
    public static let cancelledID = "cancelled"

    struct Cancelled: Error {}

    /// Checks that run at once. Each is mostly waiting on psql (a process
    /// and a connection, or an ssh round trip), so two side by side take
    /// little more than one; more would crowd a primary's connections.
    static let sideBySide = 2

    /// Runs the checks, two at a time, and reports each to `control` in
    /// order as it ends; after a cancel the running checks end as
    /// cancelled, the first of them is the last reported, and the rest are
    /// not run.
    public func run(_ checks: [VerifyCheck], control: CheckControl) -> [Result] {
        let board = CheckBoard(checks: checks, control: control)
        let workers = DispatchGroup()
        for _ in 0..<min(Self.sideBySide, checks.count) {
            DispatchQueue.global().async(group: workers) {
                while let index = board.next() {
                    let check = checks[index]
                    control.report(CheckControl.Progress(waitingFor: check.rawValue))
                    board.finish(index, outcome(of: check, control: control))
                }
            }
        }
        workers.wait()
        control.report(nil)
        return control.results
    }

    private func outcome(of check: VerifyCheck, control: CheckControl) -> Result {
        do {
            return try run(check, control: control)
        } catch is Cancelled {
            return Result(check: check, passed: false, detail: ["cancelled by the operator"], failureID: Self.cancelledID)
        } catch {
            return Result(check: check, passed: false, detail: ["\(error)"])
        }
    }
}

/// Which check runs next, and the results put in order as they end.
private final class CheckBoard: @unchecked Sendable {
    private let checks: [VerifyCheck]
    private let control: CheckControl
    private let condition = NSCondition()
    private var started = 0
    private var ended: [Verification.Result?]
    private var reported = 0
    /// A cancelled check was reported: what ends after it is not.
    private var cancelReported = false

    init(checks: [VerifyCheck], control: CheckControl) {
        self.checks = checks
        self.control = control
        ended = Array(repeating: nil, count: checks.count)
    }

    /// The next check to start, once it may; nil when none is left or the
    /// operator cancelled.
    func next() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            guard !control.isCancelled, !cancelReported, started < checks.count else { return nil }
            if !checks[started].waitsForEarlierChecks || ended[..<started].allSatisfy({ $0 != nil }) {
                started += 1
                return started - 1
            }
            // Woken when a check ends; the timeout sees a cancel meanwhile.
            _ = condition.wait(until: Date().addingTimeInterval(0.1))
        }
    }

    func finish(_ index: Int, _ result: Verification.Result) {
        condition.lock()
        defer { condition.unlock() }
        ended[index] = result
        while !cancelReported, reported < ended.count, let next = ended[reported] {
            control.add(next)
            reported += 1
            if next.failureID == Verification.cancelledID { cancelReported = true }
        }
        condition.broadcast()
    }
}
