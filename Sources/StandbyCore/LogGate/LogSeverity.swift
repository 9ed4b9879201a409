/// The label the server puts before a message. Continuation labels
/// (DETAIL, HINT, ...) are not severities: they belong to the line before.
public enum LogSeverity: String, Sendable, CaseIterable, Comparable {
    case debug = "DEBUG"
    case info = "INFO"
    case notice = "NOTICE"
    case warning = "WARNING"
    case error = "ERROR"
    case log = "LOG"
    case fatal = "FATAL"
    case panic = "PANIC"

    /// Ordered by how alarming a line is to an operator, not by
    /// log_min_messages' ranking (which puts LOG above ERROR).
    private var alarm: Int {
        switch self {
        case .debug: 0
        case .info: 1
        case .log: 2
        case .notice: 3
        case .warning: 4
        case .error: 5
        case .fatal: 6
        case .panic: 7
        }
    }

    public static func < (lhs: LogSeverity, rhs: LogSeverity) -> Bool { lhs.alarm < rhs.alarm }

    /// WARNING, ERROR, FATAL, PANIC: what a timeout shows as the likely cause.
    public var isWarningOrWorse: Bool { self >= .warning }

    /// One bit per severity, for sets of them tested once per log entry
    /// (a Set hashes the raw String value).
    var bit: UInt8 { UInt8(1) << UInt8(alarm) }
}
