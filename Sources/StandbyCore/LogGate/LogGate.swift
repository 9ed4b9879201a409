import Foundation

/// A gate over one server log: created before the step runs (so it knows
/// where the log stood), polled while the screen counts down.
public final class LogGate: @unchecked Sendable {
    public let location: LogLocation
    public let stepID: String
    public private(set) var evaluator: GateEvaluator
    private let cursor: LogCursor
    private var parser: LogParser
    /// The region's lines for the operator's "whole new log" view, newest
    /// kept when the region is larger than anyone would page through.
    public private(set) var regionLines: [String] = []
    public private(set) var regionLinesDropped = 0
    public static let keptRegionLines = 5000

    public init(stepID: String, gate: GateAction, host: HostRole, location: LogLocation,
                prefix: LogLinePrefix, startedAt: Date = Date()) {
        self.stepID = stepID
        self.location = location
        cursor = LogCursor(path: location.path)
        parser = LogParser(prefix: prefix)
        evaluator = GateEvaluator(gate: gate, host: host, startedAt: startedAt)
    }

    /// Bytes read so far: the new region only, however large the file was.
    public var bytesRead: UInt64 { cursor.bytesRead }

    /// Reads what the log gained and judges again. Also the "re-check" key.
    @discardableResult
    public func poll(now: Date = Date()) -> GateVerdict {
        let lines = cursor.readNewLines()
        if !lines.isEmpty {
            regionLines += lines
            if regionLines.count > Self.keptRegionLines * 2 {
                let excess = regionLines.count - Self.keptRegionLines
                regionLines.removeFirst(excess)
                regionLinesDropped += excess
            }
            for entry in parser.feed(lines) { evaluator.consume(entry) }
            // The newest entry may still gain DETAIL lines; judged now
            // anyway, and judged again with them on the next poll.
            if let open = parser.open { evaluator.consume(open) }
        }
        return evaluator.verdict(at: now)
    }

    public func verdict(now: Date = Date()) -> GateVerdict { evaluator.verdict(at: now) }

    /// The operator's typed acknowledgement, nil unless it is the phrase.
    public func override(typed: String, now: Date = Date()) -> GateOverride? {
        GateOverride(stepID: stepID, typed: typed, verdict: evaluator.verdict(at: now), at: now)
    }
}
