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
    /// The file's size and its bytes from `offset` on: at least `want` of
    /// them where the file has them (more is fine); nil when unreadable.
    typealias Fetch = @Sendable (_ offset: UInt64, _ want: Int) -> (size: UInt64, bytes: ArraySlice<UInt8>)?

    let path: String
    let startOffset: UInt64
    private(set) var bytesRead: UInt64 = 0
    private var offset: UInt64
    private var partial: [UInt8] = []
    private let fetch: Fetch

    init(path: String, fromStart: Bool, size: Int64?, fetch: @escaping Fetch) {
        self.path = path
        self.fetch = fetch
        offset = fromStart ? 0 : UInt64(max(0, size ?? 0))
        startOffset = offset
    }

    /// Through the host's whole-file reads: the slice bounds what is
    /// scanned at once, not what the read itself costs.
    convenience init(path: String, fromStart: Bool, host: any HostAccess) {
        self.init(path: path, fromStart: fromStart, size: (try? host.fileInfo(path))??.size) { offset, _ in
            guard let bytes = try? host.readFileBytes(path) else { return nil }
            return (UInt64(bytes.count), bytes[min(Int(offset), bytes.count)...])
        }
    }

    var unfinishedLine: String? { partial.isEmpty ? nil : String(decoding: partial, as: UTF8.self) }

    func readNewRegion(limit: Int) -> [UInt8] {
        let want = max(limit - partial.count, 1)
        guard var fetched = fetch(offset, want) else { return [] }
        if fetched.size < offset {
            offset = 0
            guard let again = fetch(0, want) else { return [] }
            fetched = again
        }
        let bytes = fetched.bytes
        var stop = bytes.startIndex + min(bytes.count, want)
        // A line longer than the slice is taken whole (as far as fetched).
        while stop < bytes.endIndex, bytes[stop - 1] != 0x0A { stop += 1 }
        var region = partial + bytes[bytes.startIndex..<stop]
        bytesRead += UInt64(stop - bytes.startIndex)
        offset += UInt64(stop - bytes.startIndex)
        var end = region.count
        while end > 0, region[end - 1] != 0x0A { end -= 1 }
        partial = Array(region[end...])
        region.removeLast(region.count - end)
        return region
    }
}
