import CByteSearch
#if canImport(Glibc)
import Glibc
#endif

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
        guard let marks = filter.marks(in: region) else {
            // Every line is told.
            var cursor = Cursor(hits: hits, marks: nil)
            var lines = 0
            forEachLine(in: region) { line in
                lines += 1
                tell(line, &cursor)
            }
            finish()
            return lines
        }
        var cursor = Cursor(hits: hits, marks: marks)
        guard let base = region.baseAddress else {
            finish()
            return 0
        }
        // Only lines holding a phrase, a label that matters or a tab need
        // looking at; the plain lines between them are counted and passed
        // over in one go, with no call per line.
        // Bytes after the last newline are no line (the region ends in one).
        let end = cbytesearch_last(base, 0x0A, region.count).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) + 1 } ?? 0
        var lines = 0
        var position = 0
        var tab = -1
        while position < end {
            if tab < position {
                tab = memchr(base + position, 0x09, end - position).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? end
            }
            let next = min(cursor.nextHit, cursor.nextMark, tab, end)
            let lineStart = next == end ? end : startOfLine(at: next, from: position)
            if lineStart > position {
                let plain = cbytesearch_count(base + position, 0x0A, lineStart - position)
                beginPlainLines(from: position, to: lineStart, count: plain)
                lines += plain
            }
            guard next < end, let newline = memchr(base + next, 0x0A, end - next) else { break }
            let lineEnd = UnsafeRawPointer(newline) - UnsafeRawPointer(base)
            tell(UnsafeBufferPointer(rebasing: region[lineStart..<lineEnd]), &cursor)
            lines += 1
            position = lineEnd + 1
        }
        finish()
        return lines
    }

    /// Walks the ascending phrase and label offsets along with the lines.
    private struct Cursor {
        let hits: [Int]
        /// Nil: every line counts as marked.
        let marks: [Int]?
        var hitIndex = 0
        var markIndex = 0

        var nextHit: Int { hitIndex < hits.count ? hits[hitIndex] : Int.max }
        var nextMark: Int { markIndex < (marks?.count ?? 0) ? marks![markIndex] : Int.max }

        /// Whether a phrase starts before `end`, passing over those that do.
        mutating func takeHits(before end: Int) -> Bool {
            var hit = false
            while hitIndex < hits.count, hits[hitIndex] < end {
                hit = true
                hitIndex += 1
            }
            return hit
        }

        mutating func takeMarks(before end: Int) -> Bool {
            guard let marks else { return true }
            var marked = false
            while markIndex < marks.count, marks[markIndex] < end {
                marked = true
                markIndex += 1
            }
            return marked
        }
    }

    /// Where the line holding offset `at` starts, looking back no further than `from`.
    private func startOfLine(at offset: Int, from: Int) -> Int {
        guard offset > from, let hit = cbytesearch_last(region.baseAddress! + from, 0x0A, offset - from) else { return from }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(region.baseAddress!) + 1
    }

    /// `count` lines in `region[from..<to]`, each with no phrase, no label
    /// that matters and no tab: each starts an entry that only passes
    /// through. Beginning them one by one would leave the last as the
    /// current entry and the one before as the entry above; so does this.
    private mutating func beginPlainLines(from: Int, to: Int, count: Int) {
        guard count > 0 else { return }
        begin(Span(start: from, end: endOfLine(from), severity: nil, severityKnown: false, sequence: parser.take(),
                   admitted: false))
        guard count > 1 else { return }
        let first = current!.sequence
        _ = parser.take(count - 1)
        let lastStart = startOfLine(at: to - 1, from: from)
        let aboveStart = count == 2 ? from : startOfLine(at: lastStart - 1, from: from)
        above = Span(start: aboveStart, end: lastStart, severity: nil, severityKnown: false, sequence: first + count - 2,
                     admitted: false)
        current = Span(start: lastStart, end: to, severity: nil, severityKnown: false, sequence: first + count - 1,
                       admitted: false)
    }

    /// Just past the newline that ends the line starting at `start`.
    private func endOfLine(_ start: Int) -> Int {
        let base = region.baseAddress!
        guard let hit = memchr(base + start, 0x0A, region.count - start) else { return region.count }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
    }

    /// One line (without its newline) told by its bytes: the entry it
    /// begins or the entry it continues.
    private mutating func tell(_ line: UnsafeBufferPointer<UInt8>, _ cursor: inout Cursor) {
        let start = line.baseAddress! - region.baseAddress!
        let end = start + line.count + 1
        var hit = cursor.takeHits(before: end)
        let marked = cursor.takeMarks(before: end)
        // Nearly every line of a busy log holds no phrase and no label
        // that matters: it starts an entry that only passes through,
        // told without running the prefix over it.
        guard hit || marked || line.first == 0x09 else {
            begin(Span(start: start, end: end, severity: nil, severityKnown: false, sequence: parser.take(),
                       admitted: false))
            return
        }
        let shape = LogLineShape.of(line, prefix: parser.prefix)
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
