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

    /// Runs the checks in order, reporting each to `control` as it ends;
    /// after a cancel the running check ends as cancelled and the rest are
    /// not run.
    public func run(_ checks: [VerifyCheck], control: CheckControl) -> [Result] {
        for check in checks {
            if control.isCancelled { break }
            control.report(CheckControl.Progress(waitingFor: check.rawValue))
            let result: Result
            do {
                result = try run(check, control: control)
            } catch is Cancelled {
                result = Result(check: check, passed: false, detail: ["cancelled by the operator"], failureID: Self.cancelledID)
            } catch {
                result = Result(check: check, passed: false, detail: ["\(error)"])
            }
            control.add(result)
            if result.failureID == Self.cancelledID { break }
        }
        control.report(nil)
        return control.results
    }
}
