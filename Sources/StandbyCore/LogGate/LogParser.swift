/// Turns log lines into entries under one log_line_prefix. Fed in pieces
/// as the file grows and keeps nothing it has closed; the newest entry stays open because its DETAIL or
/// HINT may not have been written yet.
public struct LogParser: Sendable {
    public let prefix: LogLinePrefix
    /// The entry still collecting continuation lines.
    public private(set) var open: LogEntry?
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

    private mutating func take() -> Int {
        defer { nextSequence += 1 }
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
            if bytes.first == 0x09 { return .continuation(line) }
            guard let (labelStart, labelEnd) = findLabel(bytes) else { return .foreign }
            let label = String(decoding: UnsafeBufferPointer(rebasing: bytes[labelStart..<labelEnd]), as: UTF8.self)
            var textStart = labelEnd + 1
            while textStart < bytes.count, bytes[textStart] == 0x20 { textStart += 1 }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[textStart...]), as: UTF8.self)
            if let severity = LogSeverity.parse(Substring(label)) { return .entry(severity, text) }
            return .continuation(label + ": " + text)
        }
    }

    /// The first `LABEL:  ` whose preceding text the prefix could have
    /// printed. Later candidates exist when a message quotes another
    /// server's reply (`failed: FATAL:  ...`).
    private func findLabel(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        var i = 0
        let count = bytes.count
        while i + 2 < count {
            if bytes[i] == 0x3A, bytes[i + 1] == 0x20, bytes[i + 2] == 0x20 {
                var start = i
                while start > 0, Self.isLabelByte(bytes[start - 1]) { start -= 1 }
                if start < i, start == 0 || bytes[start - 1] == 0x20,
                   Self.isKnownLabel(UnsafeBufferPointer(rebasing: bytes[start..<i])),
                   prefix.matches(UnsafeBufferPointer(rebasing: bytes[0..<start])) {
                    return (start, i)
                }
            }
            i += 1
        }
        return nil
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
    }

    private static let knownLabels: [[UInt8]] =
        (LogSeverity.allCases.filter { $0 != .debug }.map(\.rawValue)
         + ContinuationLabel.allCases.map(\.rawValue)
         + (1...5).map { "DEBUG\($0)" }).map { Array($0.utf8) }

    private static func isKnownLabel(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        knownLabels.contains { $0.count == bytes.count && $0.elementsEqual(bytes) }
    }
}
