import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One thing that happened in a trainee's walkthrough of an exercise.
public struct TrailEntry: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// The walkthrough came to a step.
        case visit
        /// A step failed; `diagnoses` says why, as the wizard saw it.
        case failure
        /// A step that had failed is done now.
        case passed
        /// The operator ran a step again (r) that had failed.
        case retry
        /// The operator typed skip.
        case skip
        /// The operator typed the words that pass a gate that did not pass.
        case override
        /// The walkthrough ended: `detail` is verified, quit or stopped.
        case end
    }

    public var at: Date
    public var kind: Kind
    public var step: String
    public var diagnoses: [String]?
    public var detail: String?

    public init(at: Date, kind: Kind, step: String, diagnoses: [String]? = nil, detail: String? = nil) {
        self.at = at
        self.kind = kind
        self.step = step
        self.diagnoses = diagnoses
        self.detail = detail
    }
}

/// The trail of a walkthrough in a lab made with an exercise, one JSON line
/// per entry appended to a file in the lab's state directory, for
/// `lab report`. The journal keeps only how things stand; the trail keeps
/// the order and the times, which is what a trainer wants to see. It holds
/// step ids and diagnosis ids, never answers or output.
public final class ExerciseTrail: @unchecked Sendable {
    public static let fileName = "exercise-trail.jsonl"

    public let path: String
    private var lastStep: String?
    /// Nil until the first state is seen: a resumed walkthrough's steps
    /// done before it began are not passes of this session.
    private var statuses: [String: StepStatus]?
    /// The diagnoses last written for a step, so a gate that says the same
    /// on every poll is written once.
    private var lastFailure: [String: [String]] = [:]
    private var failedSteps: Set<String> = []
    private let lock = NSLock()

    /// A walkthrough resumed in a new process goes on with the trail so
    /// far: a step that failed then and passes now is a fix.
    public init(path: String) {
        self.path = path
        for entry in Self.read(path: path) {
            switch entry.kind {
            case .failure: failedSteps.insert(entry.step)
            case .passed: failedSteps.remove(entry.step)
            default: break
            }
        }
    }

    /// An event a step was sent, with what it led to.
    public func note(_ event: StepEvent, step: String, outcome: StepReaction.Outcome?, now: Date = Date()) {
        lock.withLock {
            switch event {
            // Running a failed step again; r on a step that passed only
            // asks, and is no retry of a failure.
            case .retry where failedSteps.contains(step):
                lastFailure[step] = nil
                append(TrailEntry(at: now, kind: .retry, step: step))
            case .skip where outcome == .completed(.skipped):
                append(TrailEntry(at: now, kind: .skip, step: step))
            case .override where outcome == .completed(.skipped):
                append(TrailEntry(at: now, kind: .override, step: step))
            case .commandExited(let exit, let diagnoses, _) where !exit.succeeded:
                failure(step, diagnoses.map(\.failureID), fallback: "exit status \(exit.code)", now: now)
            case .commandCouldNotStart:
                failure(step, [], fallback: "could not start", now: now)
            case .gateVerdict(.failed(let diagnoses), _):
                failure(step, diagnoses.map(\.failureID), fallback: "log", now: now)
            case .checksFinished(let results) where results.contains(where: { !$0.passed }):
                failure(step, results.compactMap(\.failureID), fallback: "checks", now: now)
            case .editFailed:
                failure(step, [], fallback: "edit failed", now: now)
            default:
                break
            }
        }
    }

    /// The state after a change: the step the walkthrough is at, and steps
    /// that failed before and are done now.
    public func note(state: WalkthroughState, now: Date = Date()) {
        lock.withLock {
            if let current = state.currentStepID, current != lastStep {
                lastStep = current
                append(TrailEntry(at: now, kind: .visit, step: current))
            }
            let before = statuses ?? state.statuses
            for (step, status) in state.statuses where status == .done && before[step] != .done && failedSteps.contains(step) {
                failedSteps.remove(step)
                lastFailure[step] = nil
                append(TrailEntry(at: now, kind: .passed, step: step))
            }
            statuses = state.statuses
        }
    }

    public func end(_ how: String, step: String?, now: Date = Date()) {
        lock.withLock { append(TrailEntry(at: now, kind: .end, step: step ?? "", detail: how)) }
    }

    private func failure(_ step: String, _ ids: [String], fallback: String, now: Date) {
        let named = ids.isEmpty ? [fallback] : ids
        guard lastFailure[step] != named else { return }
        lastFailure[step] = named
        failedSteps.insert(step)
        append(TrailEntry(at: now, kind: .failure, step: step, diagnoses: named))
    }

    /// One line, appended whole with O_APPEND; a trail that cannot be
    /// written costs the report, never the walkthrough.
    private func append(_ entry: TrailEntry) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(entry) else { return }
        let bytes = Array(data) + [0x0A]
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// Every entry of the trail at `path`, oldest first; lines that do not
    /// read (a line cut off by a crash) are left out.
    public static func read(path: String) -> [TrailEntry] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return text.split(separator: "\n").compactMap { try? decoder.decode(TrailEntry.self, from: Data($0.utf8)) }
    }
}
