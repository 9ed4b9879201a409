/// Wording to look for in a log entry: any one of several literal phrases,
/// because the same event is worded differently across versions
/// ("read only" up to 13, "read-only" later). Literal text, not regular
/// expressions: cheap enough to run over every line of a large region.
public struct MessagePattern: Sendable, Equatable {
    /// Empty accepts any wording, for failures known by severity alone.
    public var anyOf: [String]
    /// Severities the entry must have; empty accepts any, including lines
    /// without a label.
    public var severities: Set<LogSeverity>

    public init(anyOf: [String], severities: Set<LogSeverity> = []) {
        self.anyOf = anyOf
        self.severities = severities
    }

    public func matches(_ entry: LogEntry) -> Bool {
        if !severities.isEmpty {
            guard let severity = entry.severity, severities.contains(severity) else { return false }
        }
        if anyOf.isEmpty { return true }
        if anyOf.contains(where: { entry.message.contains($0) }) { return true }
        for line in entry.continuations where anyOf.contains(where: { line.contains($0) }) { return true }
        return false
    }
}
