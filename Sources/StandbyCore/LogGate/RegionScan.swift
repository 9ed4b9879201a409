/// A gate's pass over a region of new log lines. The evaluator ends up
/// exactly as if every line had been parsed into a LogEntry and consumed,
/// but it is handed only the entries that can change what it keeps, in
/// sequence order:
/// - entries the prefilter admits (a signal or failure phrase occurs in
///   their lines, or their severity is a failure by itself);
/// - above each of those, the entry just before it when that one is another
///   program's line, which a failure shows with it;
/// - the last few warnings and errors, which a timeout shows;
/// - the entry still open, which later lines may extend.
/// Every other entry would only pass through: on a busy server that is
/// nearly all of them, and they are never turned into Strings.
struct RegionScan {
    /// An entry begun in this region: its lines are `region[start..<end]`.
    private struct Span {
        var start: Int
        var end: Int
        var severity: LogSeverity?
        /// False for a line that was not told: it starts an entry, and its
        /// severity is none that matters unless it turns out to be the
        /// entry above a failure (see `severityOfAbove`).
        var severityKnown = true
        var sequence: Int
        /// Admitted entries are consumed as soon as they close.
        var admitted: Bool
    }

    private let region: UnsafeBufferPointer<UInt8>
    private let filter: EntryPrefilter
    private var parser: LogParser
    private var evaluator: GateEvaluator
    /// The entry open before this region began: its earlier lines exist
    /// only as Strings, so continuations join it through the parser.
    private var carried: Bool
    private var current: Span?
    private var above: Span?
    /// Warnings and errors nothing else needs, newest last: only the last
    /// few of them can remain among the evaluator's warnings.
    private var pendingWarnings: [Span] = []

    /// Scans `region` (complete lines, each ending in a newline); returns
    /// how many lines it held.
    @discardableResult
    static func run(_ region: UnsafeBufferPointer<UInt8>, filter: EntryPrefilter,
                    parser: inout LogParser, evaluator: inout GateEvaluator) -> Int {
        var scan = RegionScan(region: region, filter: filter, parser: parser, evaluator: evaluator,
                              carried: parser.open != nil)
        let lines = scan.scanLines()
        parser = scan.parser
        evaluator = scan.evaluator
        return lines
    }

    private init(region: UnsafeBufferPointer<UInt8>, filter: EntryPrefilter, parser: LogParser,
                 evaluator: GateEvaluator, carried: Bool) {
        self.region = region
        self.filter = filter
        self.parser = parser
        self.evaluator = evaluator
        self.carried = carried
    }

    private mutating func scanLines() -> Int {
        let hits = filter.hits(in: region)
        let marks = filter.marks(in: region)
        var nextHit = 0, nextMark = 0
        var lines = 0
        let prefix = parser.prefix
        forEachLine(in: region) { line in
            lines += 1
            let start = line.baseAddress! - region.baseAddress!
            let end = start + line.count + 1
            var hit = false
            while nextHit < hits.count, hits[nextHit] < end {
                hit = true
                nextHit += 1
            }
            var marked = marks == nil
            if let marks {
                while nextMark < marks.count, marks[nextMark] < end {
                    marked = true
                    nextMark += 1
                }
            }
            // Nearly every line of a busy log holds no phrase and no label
            // that matters: it starts an entry that only passes through,
            // told without running the prefix over it.
            guard hit || marked || line.first == 0x09 else {
                begin(Span(start: start, end: end, severity: nil, severityKnown: false, sequence: parser.take(),
                           admitted: false))
                return
            }
            let shape = LogLineShape.of(line, prefix: prefix)
            if case .labelled(nil, _, _, _) = shape, filter.admitsLabelledContinuations { hit = true }
            if shape.startsEntry {
                let severity: LogSeverity? = if case .labelled(let severity, _, _, _) = shape { severity } else { nil }
                begin(Span(start: start, end: end, severity: severity, sequence: parser.take(),
                           admitted: hit || filter.admits(severity)))
            } else if current != nil {
                current!.end = end
                if hit { current!.admitted = true }
            } else if carried {
                parser.feed([String(decoding: line, as: UTF8.self)])
            } else {
                // Continuation lines with nothing above them: the region
                // starts the log, and they form an entry of their own.
                begin(Span(start: start, end: end, severity: nil, sequence: parser.take(),
                           admitted: hit || filter.admits(nil)))
            }
        }
        finish()
        return lines
    }

    /// Closes the entry above `span` and makes `span` the current one.
    private mutating func begin(_ span: Span) {
        if let closing = current {
            if closing.admitted {
                consume(closing)
            } else if closing.severity?.isWarningOrWorse == true {
                pendingWarnings.append(closing)
                // Trimmed in batches: removing one at a time shifts the
                // array on every warning of a busy log.
                if pendingWarnings.count >= GateEvaluator.keptAlarming * 2 {
                    pendingWarnings.removeFirst(GateEvaluator.keptAlarming)
                }
            }
            above = closing
        } else if carried, let open = parser.open {
            // The entry from before may have gained lines: judged again,
            // as feeding would hand it over once it closes.
            evaluator.consume(open)
            carried = false
        }
        current = span
    }

    /// The last entry stays open in the parser, and is judged as it stands.
    private mutating func finish() {
        if let last = current {
            parser.open = consume(last)
        } else if let open = parser.open {
            evaluator.consume(open)
        }
    }

    /// Hands the evaluator `span`, after whatever it must see first to keep
    /// the order: the warnings held back, and the line above if a failure
    /// here would show it.
    @discardableResult
    private mutating func consume(_ span: Span) -> LogEntry {
        for warning in pendingWarnings.suffix(GateEvaluator.keptAlarming) { evaluator.consume(entry(warning)) }
        pendingWarnings.removeAll()
        if let above, !above.admitted, severityOfAbove(above) == nil { evaluator.consume(entry(above)) }
        let built = entry(span)
        evaluator.consume(built)
        return built
    }

    /// The severity of the entry above an admitted one, told from its
    /// first line now if that was passed over.
    private func severityOfAbove(_ span: Span) -> LogSeverity? {
        guard !span.severityKnown else { return span.severity }
        let first = UnsafeBufferPointer(rebasing: region[span.start..<span.end])
        let line = UnsafeBufferPointer(rebasing: first[..<(first.firstIndex(of: 0x0A) ?? first.endIndex)])
        if case .labelled(let severity, _, _, _) = LogLineShape.of(line, prefix: parser.prefix) { return severity }
        return nil
    }

    private func entry(_ span: Span) -> LogEntry {
        var lines: [String] = []
        forEachLine(in: UnsafeBufferPointer(rebasing: region[span.start..<span.end])) {
            lines.append(String(decoding: $0, as: UTF8.self))
        }
        return parser.entry(lines: lines, sequence: span.sequence)!
    }
}
