import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Wording to look for in a log entry: any one of several literal phrases,
/// because the same event is worded differently across versions
/// ("read only" up to 13, "read-only" later). Literal bytes searched with
/// memmem, not regular expressions: every line of a large region passes
/// through every pattern.
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
        if Self.containsAny(entry.message, anyOf) { return true }
        return entry.continuations.contains { Self.containsAny($0, anyOf) }
    }

    private static func containsAny(_ text: String, _ needles: [String]) -> Bool {
        var haystack = text
        return haystack.withUTF8 { hay in
            needles.contains { needle in
                var copy = needle
                return copy.withUTF8 { find($0, in: hay) }
            }
        }
    }

    /// memmem is hidden behind _GNU_SOURCE; memchr to the first byte and
    /// memcmp for the rest is nearly as quick on log text.
    private static func find(_ needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first, let base = hay.baseAddress, needle.count <= hay.count else { return needle.isEmpty }
        var position = 0
        let last = hay.count - needle.count
        while position <= last {
            guard let hit = memchr(base + position, Int32(first), last - position + 1) else { return false }
            let offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if memcmp(base + offset, needle.baseAddress!, needle.count) == 0 { return true }
            position = offset + 1
        }
        return false
    }
}
