import Foundation

/// The last answer to "which steps apply": the screen asks it several
/// times per redraw and per key, and between two answers the answers,
/// mode and role rarely change. Working it out builds both hosts'
/// condition contexts and copies every applying step, which was a tenth of
/// the time from `main` to the first frame. Shared by copies of one
/// walkthrough, so it is locked; one entry is enough.
final class VisibleStepsCache: @unchecked Sendable {
    private struct Key: Equatable {
        var answers: Answers
        var mode: WizardMode
        var role: HostRole?
    }

    private let lock = NSLock()
    private var last: (key: Key, steps: [ScreenDefinition])?

    func steps(for state: WalkthroughState, computing compute: () -> [ScreenDefinition]) -> [ScreenDefinition] {
        let key = Key(answers: state.answers, mode: state.mode, role: state.role)
        lock.lock()
        if let last, last.key == key {
            lock.unlock()
            return last.steps
        }
        lock.unlock()
        let steps = compute()
        lock.lock()
        last = (key, steps)
        lock.unlock()
        return steps
    }
}
