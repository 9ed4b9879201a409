#if canImport(Glibc)
import Glibc
#endif

/// Each line of two texts as a number, the same for lines with the same
/// bytes: the alignment compares numbers, never Strings.
struct DiffLineKeys {
    var old: [Int]
    var new: [Int]
    /// How many distinct lines there are; keys run from 0 below it.
    var distinct: Int

    init(old: ByteLines, new: ByteLines) {
        // An open-addressing table of the first line seen with each text
        // (old lines first, then new ones, by a running index).
        let total = old.count + new.count
        var capacity = 16
        while capacity < total * 2 { capacity <<= 1 }
        let mask = capacity - 1
        var firstLine = [Int](repeating: -1, count: capacity)
        var keyAt = [Int](repeating: 0, count: capacity)
        var keys = [Int](repeating: 0, count: total)
        var distinct = 0
        func line(_ index: Int) -> UnsafeBufferPointer<UInt8> {
            index < old.count ? old.whole(index) : new.whole(index - old.count)
        }
        for index in 0..<total {
            let bytes = line(index)
            var slot = Self.hash(bytes) & mask
            while true {
                let seen = firstLine[slot]
                if seen < 0 {
                    firstLine[slot] = index
                    keyAt[slot] = distinct
                    keys[index] = distinct
                    distinct += 1
                    break
                }
                if Self.same(line(seen), bytes) {
                    keys[index] = keyAt[slot]
                    break
                }
                slot = (slot + 1) & mask
            }
        }
        self.old = Array(keys[..<old.count])
        self.new = Array(keys[old.count...])
        self.distinct = distinct
    }

    private static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// A line's bytes, eight at a time.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(bytes.count + 1)
        guard let base = bytes.baseAddress else { return Int(truncatingIfNeeded: h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            i += 8
        }
        while i < bytes.count {
            h = (h ^ UInt64(base[i])) &* 0x0000_0100_0000_01B3
            i += 1
        }
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }
}
