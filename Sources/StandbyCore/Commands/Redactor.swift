#if canImport(Glibc)
import Glibc
#endif

/// Replaces every occurrence of a secret in a byte stream with the mask,
/// also when the secret arrives split across two reads: a tail that could
/// still be the start of the secret is held back until the next chunk.
public struct Redactor: Sendable {
    private let secret: [UInt8]
    private let mask: [UInt8]
    private var held: [UInt8] = []

    public init(secret: String, mask: String = Template.mask) {
        self.secret = Array(secret.utf8)
        self.mask = Array(mask.utf8)
    }

    /// The bytes of `chunk` that are safe to write now.
    public mutating func redact(_ chunk: [UInt8]) -> [UInt8] {
        guard !secret.isEmpty else { return chunk }
        var data = held
        data.append(contentsOf: chunk)
        held.removeAll(keepingCapacity: true)
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        var start = 0
        data.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            while let match = find(in: base, from: start, count: buffer.count) {
                out.append(contentsOf: buffer[start..<match])
                out.append(contentsOf: mask)
                start = match + secret.count
            }
            // Hold back the longest tail that is a proper prefix of the secret.
            let keep = heldTail(of: buffer, from: start)
            out.append(contentsOf: buffer[start..<(buffer.count - keep)])
            held.append(contentsOf: buffer[(buffer.count - keep)...])
        }
        return out
    }

    /// Whatever is held back, at the end of the stream.
    public mutating func finish() -> [UInt8] {
        defer { held.removeAll() }
        return held
    }

    /// memchr for the first byte, then a compare: fast on large outputs
    /// where the first byte is rare.
    private func find(in base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int? {
        var position = start
        while count - position >= secret.count {
            guard let hit = memchr(base + position, Int32(secret[0]), count - position) else { return nil }
            let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if count - index < secret.count { return nil }
            if secret.withUnsafeBufferPointer({ memcmp(base + index, $0.baseAddress!, secret.count) }) == 0 {
                return index
            }
            position = index + 1
        }
        return nil
    }

    private func heldTail(of buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let maximum = min(secret.count - 1, buffer.count - start)
        var length = maximum
        while length > 0 {
            if buffer[(buffer.count - length)...].elementsEqual(secret[0..<length]) { return length }
            length -= 1
        }
        return 0
    }
}
