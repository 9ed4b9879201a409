/// Turns log lines into entries under one log_line_prefix. Fed in pieces
/// as the file grows and keeps nothing it has closed; the newest entry stays open because its DETAIL or
/// HINT may not have been written yet.
public struct LogParser: Sendable {
    public let prefix: LogLinePrefix
    /// The entry still collecting continuation lines.
    public internal(set) var open: LogEntry?
    private var nextSequence = 0

    public init(prefix: LogLinePrefix) {
        self.prefix = prefix
    }

    /// Adds lines; returns the entries they closed.
    @discardableResult
    public mutating func feed(_ lines: [String]) -> [LogEntry] {
        var closed: [LogEntry] = []
        for line in lines {
            switch classify(line) {
            case .entry(let severity, let message):
                if let open { closed.append(open) }
                open = LogEntry(severity: severity, message: message, rawLines: [line], sequence: take())
            case .continuation(let text):
                if open != nil {
                    open!.continuations.append(text)
                    open!.rawLines.append(line)
                } else {
                    open = LogEntry(severity: nil, message: text, rawLines: [line], sequence: take())
                }
            case .foreign:
                // Another program's output (archive_command's cp, a shell):
                // its own entry, so it is shown rather than glued to a LOG line.
                if let open { closed.append(open) }
                open = LogEntry(severity: nil, message: line, rawLines: [line], sequence: take())
            }
        }
        return closed
    }

    /// Entries of a whole text at once, the last one closed too.
    public static func entries(of text: String, prefix: LogLinePrefix) -> [LogEntry] {
        var parser = LogParser(prefix: prefix)
        let closed = parser.feed(text.split(separator: "\n").map(String.init))
        return closed + (parser.open.map { [$0] } ?? [])
    }

    /// The entry made of `lines` (its first line and then continuations),
    /// numbered `sequence`: how a region scan builds the few entries it
    /// needs, with exactly the parts feeding them would give.
    func entry(lines: [String], sequence: Int) -> LogEntry? {
        var single = LogParser(prefix: prefix)
        single.nextSequence = sequence
        single.feed(lines)
        return single.open
    }

    /// The sequence number for an entry begun outside `feed`.
    mutating func take() -> Int {
        take(1)
    }

    /// The first of `count` sequence numbers, for entries begun outside `feed`.
    mutating func take(_ count: Int) -> Int {
        defer { nextSequence += count }
        return nextSequence
    }

    enum LineKind: Equatable {
        case entry(LogSeverity, String)
        case continuation(String)
        case foreign
    }

    func classify(_ line: String) -> LineKind {
        var copy = line
        return copy.withUTF8 { bytes -> LineKind in
            switch LogLineShape.of(bytes, prefix: prefix) {
            case .indented:
                return .continuation(line)
            case .foreign:
                return .foreign
            case .labelled(let severity, let labelStart, let labelEnd, let textStart):
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[textStart...]), as: UTF8.self)
                if let severity { return .entry(severity, text) }
                let label = String(decoding: UnsafeBufferPointer(rebasing: bytes[labelStart..<labelEnd]), as: UTF8.self)
                return .continuation(label + ": " + text)
            }
        }
    }
}
