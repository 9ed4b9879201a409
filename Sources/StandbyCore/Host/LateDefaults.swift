import Foundation

/// Answers the form can offer that take a slow look at a host to find:
/// pg_lsclusters is a Perl program (50-70 ms), longer than drawing the whole
/// first screen. The look runs on a thread of its own once `start` is
/// called (after the first frame), and the screen takes the result in when
/// it has arrived; nothing waits for it.
public final class LateDefaults: @unchecked Sendable {
    private let lock = NSLock()
    private let lookup: @Sendable () -> [String: String]
    private var started = false
    private var found: [String: String]?
    private var taken = false

    public init(lookup: @escaping @Sendable () -> [String: String]) {
        self.lookup = lookup
    }

    /// Begins the look once; later calls do nothing.
    public func start() {
        lock.lock()
        defer { lock.unlock() }
        guard !started else { return }
        started = true
        Thread.detachNewThread { [self] in
            let values = lookup()
            lock.lock()
            found = values
            lock.unlock()
        }
    }

    /// What was found, handed out once; nil while the look still runs (or
    /// has not begun) and after it was taken.
    public func take() -> [String: String]? {
        lock.lock()
        defer { lock.unlock() }
        guard let found, !taken else { return nil }
        taken = true
        return found
    }

    /// Started and not yet taken: the loop should come back soon.
    public var isLooking: Bool {
        lock.lock()
        defer { lock.unlock() }
        return started && !taken
    }
}
