import CByteSearch
import Foundation

/// A gate over one server log: created before the step runs (so it knows
/// where the log stood), polled while the screen counts down.
public final class LogGate: @unchecked Sendable {
    public private(set) var location: LogLocation
    public let stepID: String
    public private(set) var evaluator: GateEvaluator
    private var cursor: any LogFollower
    /// The host whose log this is: every read goes through it.
    private let access: any HostAccess
    /// Collector files there were when the step began; any other that
    /// appears is the server's new file, wholly written after that.
    private var knownFiles: Set<String> = []
    private var bytesOfEarlierFiles: UInt64 = 0
    private var parser: LogParser
    /// Tells which entries the evaluator's patterns might match.
    private let filter: EntryPrefilter
    /// The region's lines for the operator's "whole new log" view, newest
    /// kept when the region is larger than anyone would page through.
    public var regionLines: [String] { keptLines.lines() }
    public var regionLinesDropped: Int { keptLines.dropped }
    public static let keptRegionLines = 5000
    private var keptLines = RegionLines(kept: LogGate.keptRegionLines)

    /// Set for a gate begun after its server started (a resumed
    /// walkthrough): its first read keeps only the server's latest start.
    private var fromLatestStart: Bool

    public init(stepID: String, gate: GateAction, host: HostRole, location: LogLocation,
                prefix: LogLinePrefix, reading access: any HostAccess, startedAt: Date = Date(), fromLatestStart: Bool = false) {
        self.stepID = stepID
        self.location = location
        self.access = access
        self.fromLatestStart = fromLatestStart
        cursor = access.followLog(location.path, fromStart: fromLatestStart)
        knownFiles = Set(location.collectorFiles?.names(on: access) ?? [])
        parser = LogParser(prefix: prefix)
        evaluator = GateEvaluator(gate: gate, host: host, startedAt: startedAt)
        filter = EntryPrefilter(evaluator.patterns)
    }

    /// The file and offset the step began at, for the walkthrough's record.
    public var startPosition: (path: String, offset: UInt64) { (location.path, cursor.startOffset) }

    /// Bytes read so far: the new region only, however large the file was.
    public var bytesRead: UInt64 { bytesOfEarlierFiles + cursor.bytesRead }

    /// How much of the log is scanned at once: a region of gigabytes is
    /// read and scanned slice by slice, so the gate's memory does not grow
    /// with it.
    public static let defaultSliceBytes = 4 << 20
    public var sliceBytes = LogGate.defaultSliceBytes

    /// How long one poll may scan before it gives the loop back: the
    /// screen keeps drawing and keys are handled while a region of
    /// gigabytes is read, slice by slice, over many polls.
    public static let defaultPollBudget: TimeInterval = 0.02

    /// The last poll stopped at its budget with log still unread: poll
    /// again soon. Until it has caught up the verdict stays "waiting",
    /// since what passes or fails depends on the order of everything.
    public private(set) var isBehind = false

    /// Reads what the log gained, for at most `budget` seconds (at least
    /// one slice), and judges again. Also the "re-check" key.
    @discardableResult
    public func poll(now: Date = Date(), budget: TimeInterval = LogGate.defaultPollBudget) -> GateVerdict {
        let deadline = Date().addingTimeInterval(budget)
        isBehind = false
        while var region = nextRegion() {
            region.withUnsafeBufferPointer { bytes in
                // The newest entry may still gain DETAIL lines; judged now
                // anyway, and judged again with them on the next poll.
                let lines = RegionScan.run(bytes, filter: filter, parser: &parser, evaluator: &evaluator)
                keptLines.add(bytes, lineCount: lines)
            }
            region = []
            guard Date() >= deadline else { continue }
            // Out of time: behind only if there is more, which is kept
            // for the next poll (one slice) rather than read twice.
            if let more = nextRegion() {
                unscanned = more
                isBehind = true
            }
            break
        }
        return verdict(now: now)
    }

    /// A slice read but left for the next poll.
    private var unscanned: [UInt8] = []

    /// The next slice of new log; nil once everything written so far is read.
    private func nextRegion() -> [UInt8]? {
        if fromLatestStart {
            fromLatestStart = false
            unscanned = latestStartRegion()
        }
        if !unscanned.isEmpty {
            defer { unscanned = [] }
            return unscanned
        }
        while true {
            let region = cursor.readNewRegion(limit: sliceBytes)
            if !region.isEmpty { return region }
            // The file is read to its end; a new collector file, if the
            // server started one, is read next from its start.
            guard followNewFile() else { return nil }
        }
    }

    /// The log from the server's latest start to its end, read slice by
    /// slice; what lies before that start is dropped as it is read. A log
    /// with no start in it keeps only its last slices.
    private func latestStartRegion() -> [UInt8] {
        var kept: [UInt8] = []
        while true {
            let slice = cursor.readNewRegion(limit: sliceBytes)
            if slice.isEmpty { return kept }
            kept += slice
            let trimmed = ServerStartLine.latest(in: kept)
            if trimmed.count < kept.count {
                kept = trimmed
            } else if kept.count > 2 * sliceBytes, !ServerStartLine.contains(in: kept) {
                kept = Array(kept.suffix(sliceBytes))
            }
        }
    }

    /// Reads until caught up, however long it takes: for a one-off look
    /// (a failed command's diagnosis), not for the screen's loop.
    @discardableResult
    public func pollToEnd(now: Date = Date()) -> GateVerdict {
        var verdict = poll(now: now)
        while isBehind { verdict = poll(now: now) }
        return verdict
    }

    public func verdict(now: Date = Date()) -> GateVerdict {
        // Not timed out while the backlog is still being read: the time
        // it takes is ours, not the server's.
        if isBehind { return .waiting(remainingSeconds: max(1, evaluator.remainingSeconds(at: now))) }
        return evaluator.verdict(at: now)
    }

    /// The server started another collector file (a restart, with a time in
    /// log_filename): the old file is finished, and the gate follows the
    /// oldest new one from its start. False when there is none.
    private func followNewFile() -> Bool {
        guard let files = location.collectorFiles,
              let name = files.names(on: access).filter({ !knownFiles.contains($0) }).sorted().first else { return false }
        knownFiles.insert(name)
        bytesOfEarlierFiles += cursor.bytesRead
        let path = files.directory + "/" + name
        cursor = access.followLog(path, fromStart: true)
        location = LogLocator.started(path, files: files)
        return true
    }

    /// The operator's typed acknowledgement, nil unless it is the phrase.
    public func override(typed: String, now: Date = Date()) -> GateOverride? {
        GateOverride(stepID: stepID, typed: typed, verdict: evaluator.verdict(at: now), at: now)
    }
}
