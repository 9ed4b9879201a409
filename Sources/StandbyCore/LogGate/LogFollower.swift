import Foundation

/// Follows one server log from a starting point: what a gate reads. On
/// this machine a `LogCursor`; on other hosts whatever their access offers.
public protocol LogFollower: AnyObject, Sendable {
    var path: String { get }
    /// Where the step began in the file; recorded in the walkthrough state.
    var startOffset: UInt64 { get }
    var bytesRead: UInt64 { get }
    /// The complete lines written since the previous call, newlines kept.
    func readNewRegion() -> [UInt8]
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

    func readNewRegion() -> [UInt8] {
        guard let bytes = try? host.readFileBytes(path) else { return [] }
        if UInt64(bytes.count) < offset { offset = 0 }
        var region = partial + bytes[Int(offset)...]
        bytesRead += UInt64(bytes.count) - offset
        offset = UInt64(bytes.count)
        var end = region.count
        while end > 0, region[end - 1] != 0x0A { end -= 1 }
        partial = Array(region[end...])
        region.removeLast(region.count - end)
        return region
    }
}
