import CByteSearch
#if canImport(Glibc)
import Glibc
#endif

/// The newest lines of a gate's region, for the operator's "whole new
/// log" view. Each slice scanned adds its lines and the list is cut back
/// to the newest `kept` once it outgrows twice that, but the lines stay
/// bytes until someone looks: a region of gigabytes is scanned in hundreds
/// of slices, and making Strings of each slice's last lines only to drop
/// them at the next took a fifth of the scan.
struct RegionLines {
    let kept: Int
    /// Lines already made Strings: the oldest of those kept.
    private var strings: [String] = []
    /// The newer lines, as read, each ending in its newline.
    private var pending: [UInt8] = []
    private var pendingCount = 0
    private(set) var dropped = 0

    init(kept: Int) {
        self.kept = kept
    }

    var count: Int { strings.count + pendingCount }

    /// Every kept line, oldest first.
    mutating func lines() -> [String] {
        if pendingCount > 0 {
            pending.withUnsafeBufferPointer { bytes in
                forEachLine(in: bytes) { strings.append(String(decoding: $0, as: UTF8.self)) }
            }
            pending = []
            pendingCount = 0
        }
        return strings
    }

    /// Adds the `lineCount` lines of `region` (complete lines), then keeps
    /// the newest `kept` if there are more than twice that.
    mutating func add(_ region: UnsafeBufferPointer<UInt8>, lineCount: Int) {
        let total = count + lineCount
        let keeping = total > kept * 2 ? kept : total
        dropped += total - keeping
        guard let base = region.baseAddress else { return }
        if lineCount >= keeping {
            strings = []
            pending = Array(region[Self.startOfLast(keeping, in: region)...])
            pendingCount = keeping
            return
        }
        // All of the region's lines stay, and the newest of those before.
        var excess = count - (keeping - lineCount)
        let fromStrings = min(excess, strings.count)
        strings.removeFirst(fromStrings)
        excess -= fromStrings
        if excess > 0 {
            pending.withUnsafeBufferPointer { bytes in
                var start = 0
                for _ in 0..<excess {
                    start = UnsafeRawPointer(memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start)!)
                        - UnsafeRawPointer(bytes.baseAddress!) + 1
                }
                pending = Array(bytes[start...])
            }
            pendingCount -= excess
        }
        pending.append(contentsOf: UnsafeBufferPointer(start: base, count: region.count))
        pendingCount += lineCount
    }

    /// Where the last `wanted` lines of a region of complete lines begin,
    /// found from its end (memrchr from newline to newline) so that the
    /// rest is not even walked.
    private static func startOfLast(_ wanted: Int, in region: UnsafeBufferPointer<UInt8>) -> Int {
        guard wanted > 0, let base = region.baseAddress else { return region.count }
        // The region ends in a newline, which ends its last line.
        var searchEnd = region.count - 1
        var found = 0
        while searchEnd > 0, let hit = cbytesearch_last(base, 0x0A, searchEnd) {
            let newline = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            found += 1
            if found == wanted { return newline + 1 }
            searchEnd = newline
        }
        return 0
    }
}
