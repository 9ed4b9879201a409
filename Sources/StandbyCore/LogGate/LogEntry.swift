/// One message of the server log with the lines that belong to it.
public struct LogEntry: Sendable, Equatable {
    /// Nil for a line the server did not write itself, such as the stderr
    /// of archive_command (`cp: cannot create regular file ...`).
    public var severity: LogSeverity?
    /// The text after `LEVEL:  `, or the whole line when there is no label.
    public var message: String
    /// DETAIL, HINT, CONTEXT, STATEMENT texts and tab-indented libpq
    /// lines, each as `LABEL: text` or the indented text itself.
    public var continuations: [String]
    /// The lines exactly as read, for showing the operator.
    public var rawLines: [String]
    /// Position in the gate's region, so "after" has a meaning.
    public var sequence: Int

    public init(severity: LogSeverity?, message: String, continuations: [String] = [],
                rawLines: [String], sequence: Int = 0) {
        self.severity = severity
        self.message = message
        self.continuations = continuations
        self.rawLines = rawLines
        self.sequence = sequence
    }

    /// Message and continuations: libpq relays the primary's reason on a
    /// continuation line, and failures must be recognised from it.
    public var fullText: String {
        continuations.isEmpty ? message : ([message] + continuations).joined(separator: "\n")
    }
}
