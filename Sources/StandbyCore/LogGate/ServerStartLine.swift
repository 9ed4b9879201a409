/// The lines a PostgreSQL server writes first when it starts, in every
/// major from 9.5: "starting PostgreSQL" (10 on), then the startup
/// process's account of how the last run ended.
enum ServerStartLine {
    static let markers: [[UInt8]] = [
        "starting PostgreSQL ",
        "database system was shut down",
        "database system was interrupted",
        "database system shutdown was interrupted",
        "database system was not properly shut down",
    ].map { Array($0.utf8) }

    /// `log` from the line of the server's latest start on; all of it when
    /// no start is in it. From 10 on a start is "starting PostgreSQL" and,
    /// a few lines later, how the last run ended: from that second line the
    /// first is looked for just before it, never further back.
    static func latest(in log: [UInt8]) -> [UInt8] {
        guard var found = lastMarker(in: log, before: log.count) else { return log }
        let starting = markers[0]
        if !log[found...].starts(with: starting), let first = lastIndex(of: starting, in: log, before: found), found - first < 4096 {
            found = first
        }
        var lineStart = found
        while lineStart > 0 && log[lineStart - 1] != 0x0A { lineStart -= 1 }
        return Array(log[lineStart...])
    }

    static func contains(in log: [UInt8]) -> Bool { lastMarker(in: log, before: log.count) != nil }

    private static func lastMarker(in log: [UInt8], before end: Int) -> Int? {
        markers.compactMap { lastIndex(of: $0, in: log, before: end) }.max()
    }

    private static func lastIndex(of needle: [UInt8], in log: [UInt8], before end: Int) -> Int? {
        guard let first = needle.first, end >= needle.count else { return nil }
        var index = end - needle.count
        while index >= 0 {
            if log[index] == first && log[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index -= 1
        }
        return nil
    }
}
