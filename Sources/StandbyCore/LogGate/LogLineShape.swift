#if canImport(Glibc)
import Glibc
#endif

/// What one log line is, told from its bytes alone: a gate classifies every
/// line of a region that may be hundreds of megabytes, and most lines need
/// no String at all.
enum LogLineShape: Equatable {
    /// Starts with a tab: libpq's further lines of a relayed message.
    case indented
    /// `LABEL:  text` after a prefix the cluster can print. `severity` is nil
    /// for a continuation label (DETAIL, HINT, ...). Offsets are in the line.
    case labelled(severity: LogSeverity?, labelStart: Int, labelEnd: Int, textStart: Int)
    /// No such label: another program's output.
    case foreign

    /// Starts a new entry, as opposed to continuing the one above.
    var startsEntry: Bool {
        switch self {
        case .indented: false
        case .labelled(let severity, _, _, _): severity != nil
        case .foreign: true
        }
    }

    static func of(_ line: UnsafeBufferPointer<UInt8>, prefix: LogLinePrefix) -> LogLineShape {
        guard let base = line.baseAddress, line.count > 0 else { return .foreign }
        if base[0] == 0x09 { return .indented }
        guard let (labelStart, labelEnd, severity) = findLabel(base, line.count, prefix: prefix) else { return .foreign }
        var textStart = labelEnd + 1
        while textStart < line.count, base[textStart] == 0x20 { textStart += 1 }
        return .labelled(severity: severity, labelStart: labelStart, labelEnd: labelEnd, textStart: textStart)
    }

    /// The first `LABEL:  ` whose preceding text the prefix could have
    /// printed. Later candidates exist when a message quotes another
    /// server's reply (`failed: FATAL:  ...`).
    private static func findLabel(_ bytes: UnsafePointer<UInt8>, _ count: Int,
                                  prefix: LogLinePrefix) -> (Int, Int, LogSeverity?)? {
        var i = 0
        // memchr jumps from colon to colon; the label needs two spaces after.
        while i + 2 < count, let hit = memchr(bytes + i, 0x3A, count - 2 - i) {
            i = UnsafeRawPointer(hit) - UnsafeRawPointer(bytes)
            if bytes[i + 1] == 0x20, bytes[i + 2] == 0x20 {
                var start = i
                while start > 0, isLabelByte(bytes[start - 1]) { start -= 1 }
                if start < i, start == 0 || bytes[start - 1] == 0x20,
                   let label = label(bytes + start, i - start),
                   prefix.matches(bytes, count: start) {
                    return (start, i, label.severity)
                }
            }
            i += 1
        }
        return nil
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
    }

    private struct Label {
        /// Nil for DETAIL, HINT and the other continuation labels.
        var severity: LogSeverity?
    }

    /// The labels the server writes: every severity (DEBUG only as DEBUG1-5)
    /// and the continuation labels. Picked by length and first letter, then
    /// compared whole, as this runs once per line.
    private static func label(_ word: UnsafePointer<UInt8>, _ count: Int) -> Label? {
        let expected: StaticString
        let label: Label
        switch (count, word[0]) {
        case (3, UInt8(ascii: "L")): (expected, label) = ("LOG", Label(severity: .log))
        case (4, UInt8(ascii: "I")): (expected, label) = ("INFO", Label(severity: .info))
        case (4, UInt8(ascii: "H")): (expected, label) = ("HINT", Label(severity: nil))
        case (5, UInt8(ascii: "E")): (expected, label) = ("ERROR", Label(severity: .error))
        case (5, UInt8(ascii: "F")): (expected, label) = ("FATAL", Label(severity: .fatal))
        case (5, UInt8(ascii: "P")): (expected, label) = ("PANIC", Label(severity: .panic))
        case (5, UInt8(ascii: "Q")): (expected, label) = ("QUERY", Label(severity: nil))
        case (6, UInt8(ascii: "N")): (expected, label) = ("NOTICE", Label(severity: .notice))
        case (6, UInt8(ascii: "D")) where word[2] == UInt8(ascii: "T"): (expected, label) = ("DETAIL", Label(severity: nil))
        case (6, UInt8(ascii: "D")):
            guard word[5] >= UInt8(ascii: "1"), word[5] <= UInt8(ascii: "5") else { return nil }
            return memcmp(word, ("DEBUG" as StaticString).utf8Start, 5) == 0 ? Label(severity: .debug) : nil
        case (7, UInt8(ascii: "W")): (expected, label) = ("WARNING", Label(severity: .warning))
        case (7, UInt8(ascii: "C")): (expected, label) = ("CONTEXT", Label(severity: nil))
        case (8, UInt8(ascii: "L")): (expected, label) = ("LOCATION", Label(severity: nil))
        case (9, UInt8(ascii: "S")): (expected, label) = ("STATEMENT", Label(severity: nil))
        default: return nil
        }
        return memcmp(word, expected.utf8Start, count) == 0 ? label : nil
    }
}
