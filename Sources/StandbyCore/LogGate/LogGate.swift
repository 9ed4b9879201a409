import Foundation

/// A gate over one server log: created before the step runs (so it knows
/// where the log stood), polled while the screen counts down.
public final class LogGate: @unchecked Sendable {
    public private(set) var location: LogLocation
    public let stepID: String
    public private(set) var evaluator: GateEvaluator
    private var cursor: LogCursor
    /// Collector files there were when the step began; any other that
    /// appears is the server's new file, wholly written after that.
    private var knownFiles: Set<String> = []
    private var bytesOfEarlierFiles: UInt64 = 0
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
        knownFiles = Set(location.collectorFiles?.names() ?? [])
        parser = LogParser(prefix: prefix)
        evaluator = GateEvaluator(gate: gate, host: host, startedAt: startedAt)
    }

    /// Bytes read so far: the new region only, however large the file was.
    public var bytesRead: UInt64 { bytesOfEarlierFiles + cursor.bytesRead }

    /// Reads what the log gained and judges again. Also the "re-check" key.
    @discardableResult
    public func poll(now: Date = Date()) -> GateVerdict {
        var lines = cursor.readNewLines()
        lines += linesOfNewFiles()
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

    /// The server started another collector file (a restart, with a time in
    /// log_filename): the old file is finished, the new one read whole.
    private func linesOfNewFiles() -> [String] {
        guard let files = location.collectorFiles else { return [] }
        let fresh = files.names().filter { !knownFiles.contains($0) }.sorted()
        var lines: [String] = []
        for name in fresh {
            knownFiles.insert(name)
            bytesOfEarlierFiles += cursor.bytesRead
            let path = files.directory + "/" + name
            cursor = LogCursor(path: path, fromStart: true)
            location = LogLocator.started(path, files: files)
            lines += cursor.readNewLines()
        }
        return lines
    }

    /// The operator's typed acknowledgement, nil unless it is the phrase.
    public func override(typed: String, now: Date = Date()) -> GateOverride? {
        GateOverride(stepID: stepID, typed: typed, verdict: evaluator.verdict(at: now), at: now)
    }
}
