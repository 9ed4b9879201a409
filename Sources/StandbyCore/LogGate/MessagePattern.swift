import CByteSearch

/// Wording to look for in a log entry: any one of several literal phrases,
/// because the same event is worded differently across versions
/// ("read only" up to 13, "read-only" later). Literal bytes searched with
/// memmem, not regular expressions, so that a log region's bytes can be
/// searched for the same phrases before any entry is built (EntryPrefilter).
public struct MessagePattern: Sendable, Equatable {
    /// Empty accepts any wording, for failures known by severity alone.
    public var anyOf: [String]
    /// Severities the entry must have; empty accepts any, including lines
    /// without a label.
    public var severities: Set<LogSeverity>
    /// Phrases that must all appear as well, for a message with a name in
    /// its middle (`replication slot "x" does not exist`). They only narrow
    /// what `anyOf` found, so the prefilter can go on looking for `anyOf`.
    public var allOf: [String]

    public init(anyOf: [String], allOf: [String] = [], severities: Set<LogSeverity> = []) {
        self.anyOf = anyOf
        self.allOf = allOf
        self.severities = severities
    }

    public func matches(_ entry: LogEntry) -> Bool {
        if !severities.isEmpty {
            guard let severity = entry.severity, severities.contains(severity) else { return false }
        }
        if anyOf.isEmpty { return true }
        let texts = [entry.message] + entry.continuations
        guard texts.contains(where: { Self.containsAny($0, anyOf) }) else { return false }
        return allOf.allSatisfy { phrase in texts.contains { Self.containsAny($0, [phrase]) } }
    }

    private static func containsAny(_ text: String, _ needles: [String]) -> Bool {
        // withUTF8 wants a var; for a native String this copies no bytes.
        var haystack = text
        return haystack.withUTF8 { hay in
            needles.contains { needle in
                var copy = needle
                return copy.withUTF8 { find($0, in: hay) }
            }
        }
    }

    private static func find(_ needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !needle.isEmpty else { return true }
        guard let base = hay.baseAddress, needle.count <= hay.count else { return false }
        return cbytesearch_find(base, hay.count, needle.baseAddress, needle.count) != nil
    }
}
