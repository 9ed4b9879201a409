import Foundation

/// Follows one server log from a starting point: what a gate reads. On
/// this machine a `LogCursor`; on other hosts whatever their access offers.
public protocol LogFollower: AnyObject, Sendable {
    var path: String { get }
    /// Where the step began in the file; recorded in the walkthrough state.
    var startOffset: UInt64 { get }
    var bytesRead: UInt64 { get }
    /// Complete lines written since the previous call, newlines kept: about
    /// `limit` bytes at most (more only for a single line longer than
    /// that), so a huge region is read in slices and never held whole.
    /// Empty once everything written so far has been read.
    func readNewRegion(limit: Int) -> [UInt8]
    var unfinishedLine: String? { get }
}

/// A follower that only needs a host's file reads: the size tells where
/// the log stood, the bytes past it are the new region. A file smaller
/// than what was read was truncated or replaced, and is read from 0.
final class ReadingLogFollower: LogFollower, @unchecked Sendable {
    let path: String
    let startOffset: UInt64
    private(set) var bytesRead: UInt64 = 0
    private var offset: UInt64
    private var partial: [UInt8] = []
    private let host: any HostAccess

    init(path: String, fromStart: Bool, host: any HostAccess) {
        self.path = path
        self.host = host
        let size = (try? host.fileInfo(path))??.size ?? 0
        offset = fromStart ? 0 : UInt64(max(0, size))
        startOffset = offset
    }

    var unfinishedLine: String? { partial.isEmpty ? nil : String(decoding: partial, as: UTF8.self) }

    // The host reads whole files: the slice bounds what is scanned at
    // once, not what the read itself costs.
    func readNewRegion(limit: Int) -> [UInt8] {
        guard let bytes = try? host.readFileBytes(path) else { return [] }
        if UInt64(bytes.count) < offset { offset = 0 }
        var stop = Int(offset) + min(bytes.count - Int(offset), max(limit - partial.count, 1))
        // A line longer than the slice is taken whole.
        while stop < bytes.count, bytes[stop - 1] != 0x0A { stop += 1 }
        var region = partial + bytes[Int(offset)..<stop]
        bytesRead += UInt64(stop) - offset
        offset = UInt64(stop)
        var end = region.count
        while end > 0, region[end - 1] != 0x0A { end -= 1 }
        partial = Array(region[end...])
        region.removeLast(region.count - end)
        return region
    }
}
