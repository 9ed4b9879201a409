#if canImport(Glibc)
import Glibc
#endif

/// The lines of a text as places in its UTF-8 bytes: a diff compares and
/// hashes lines where they lie, and makes a String only of the few lines
/// its hunks print. Making one String per line of a 20,000-line file was
/// most of a typical diff's time.
struct ByteLines {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Line `i` with its terminator is `bytes[bounds[i]..<bounds[i + 1]]`.
    private(set) var bounds: [Int]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        var bounds = [0]
        if let base = bytes.baseAddress {
            var start = 0
            while start < bytes.count, let hit = memchr(base + start, 0x0A, bytes.count - start) {
                start = UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
                bounds.append(start)
            }
            if start < bytes.count { bounds.append(bytes.count) }
        }
        self.bounds = bounds
    }

    var count: Int { bounds.count - 1 }

    /// Line `index` with its terminator: lines compare with it, so a last
    /// line that gains or loses its newline shows as changed, as in diff -u.
    func whole(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[bounds[index]..<bounds[index + 1]])
    }

    /// Whether line `index` lacks a newline (only a file's last line can).
    func lacksNewline(_ index: Int) -> Bool {
        bytes[bounds[index + 1] - 1] != 0x0A
    }

    /// Line `index` without "\n" or "\r\n", as a String. A "\r" anywhere
    /// else stays in the line, as TextLines keeps it.
    func content(_ index: Int) -> String {
        let start = bounds[index]
        var end = bounds[index + 1]
        if bytes[end - 1] == 0x0A {
            end -= 1
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        }
        // The cuts fall on ASCII bytes of valid UTF-8: nothing is repaired.
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
