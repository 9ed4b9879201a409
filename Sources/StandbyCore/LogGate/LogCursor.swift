import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which file a path named at some moment: rotation replaces the file
/// behind a path, and only device and inode tell the two apart.
public struct FileIdentity: Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64
}

/// Follows one log file from a starting point, so a gate sees only what the
/// server wrote after the step began, however large the file already was.
///
/// Rotation (the path now names another inode) finishes the old file
/// through the descriptor still open on it, then reads the new one from
/// its start. Truncation (copytruncate, as Debian's logrotate does) shows
/// as a size below our offset and restarts at 0, after reading what the
/// server wrote past our offset from the copy logrotate left in PATH.1
/// (uncompressed there for a while by delaycompress).
public final class LogCursor: LogFollower, @unchecked Sendable {
    public let path: String
    /// Where the step began in the file that was there then; the whole new
    /// region is re-read from here.
    public let startOffset: UInt64
    public let startIdentity: FileIdentity?
    /// Every byte this cursor has read, for proof that old content was skipped.
    public private(set) var bytesRead: UInt64 = 0
    public private(set) var rotations = 0
    public private(set) var truncations = 0

    private var descriptor: Int32 = -1
    private var identity: FileIdentity?
    private var offset: UInt64 = 0
    /// The text after the last newline: the server may be midway through a line.
    private var partial: [UInt8] = []
    /// After copytruncate: the copy's part still to read, up to its end.
    private var rotatedCopy: (descriptor: Int32, offset: UInt64, end: UInt64)?

    /// Records the file's identity and size now; nothing is read. A file
    /// that does not exist yet is read from its first byte once it appears,
    /// and so is one that is new to the step (`fromStart`).
    public init(path: String, fromStart: Bool = false) {
        self.path = path
        if let (fd, id, size) = Self.open(path) {
            descriptor = fd
            identity = id
            offset = fromStart ? 0 : size
        }
        startOffset = offset
        startIdentity = identity
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if let copy = rotatedCopy { close(copy.descriptor) }
    }

    /// The complete lines written since the previous call, without their
    /// newlines. A trailing partial line waits for the next call.
    public func readNewLines() -> [String] {
        var lines: [String] = []
        let region = readNewRegion()
        region.withUnsafeBufferPointer { bytes in
            forEachLine(in: bytes) { lines.append(String(decoding: $0, as: UTF8.self)) }
        }
        return lines
    }

    /// The complete lines written since the previous call, as the bytes
    /// read, each line ending in its newline: about `limit` bytes at most,
    /// more only while a single line is longer than that. A trailing
    /// partial line waits for the next call; empty once all is read.
    public func readNewRegion(limit: Int = Int.max) -> [UInt8] {
        var buffer = partial
        var searched = buffer.count
        while true {
            // A line longer than the limit: another slice's worth of it.
            readNew(into: &buffer, limit: buffer.count < limit ? limit - buffer.count : limit)
            if buffer.count == searched { break }
            let found = buffer.withUnsafeBufferPointer { memchr($0.baseAddress! + searched, 0x0A, $0.count - searched) != nil }
            if found { break }
            searched = buffer.count
        }
        var end = buffer.count
        while end > 0, buffer[end - 1] != 0x0A { end -= 1 }
        partial = Array(buffer[end...])
        buffer.removeLast(buffer.count - end)
        return buffer
    }

    /// The line the server has not finished, for showing at a timeout.
    public var unfinishedLine: String? {
        partial.isEmpty ? nil : String(decoding: partial, as: UTF8.self)
    }

    /// The raw bytes written since the previous call.
    public func readNew() -> [UInt8] {
        var out: [UInt8] = []
        readNew(into: &out, limit: Int.max)
        return out
    }

    /// Appends at most `limit` new bytes to `out`.
    private func readNew(into out: inout [UInt8], limit: Int) {
        if drainRotatedCopy(into: &out, limit: limit) { return }
        let current = Self.status(path)
        if descriptor >= 0, let current, current.identity != identity {
            // Rotated: what the server wrote to the old file before it
            // switched still belongs to this step; the new file waits
            // until the old one is read to its end.
            let before = out.count
            drain(into: &out, limit: limit)
            if out.count - before >= limit { return }
            close(descriptor)
            descriptor = -1
            rotations += 1
        }
        if descriptor < 0 {
            guard let (fd, id, _) = Self.open(path) else { return }
            descriptor = fd
            identity = id
            offset = 0
        } else if let current, current.size < offset {
            truncations += 1
            // logrotate's copytruncate copies first: a copy at least as
            // long as what we had read holds what came after it.
            if let (fd, _, size) = Self.open(path + ".1") {
                if size > offset { rotatedCopy = (fd, offset, size) } else { close(fd) }
            }
            offset = 0
            if drainRotatedCopy(into: &out, limit: limit) { return }
        }
        drain(into: &out, limit: limit)
    }

    /// Appends the file from `offset` to its end, `limit` bytes at most.
    private func drain(into out: inout [UInt8], limit: Int) {
        // What the file holds now is read with one call straight into
        // place: a region of hundreds of megabytes is not copied chunk by
        // chunk. Then on until pread finds nothing, for what the server
        // wrote meanwhile (and files that report no size).
        let startCount = out.count
        var info = Glibc.stat()
        if fstat(descriptor, &info) == 0, UInt64(max(info.st_size, 0)) > offset {
            let room = Int(min(UInt64(info.st_size) - offset, UInt64(limit)))
            let kept = out
            var got = 0
            out = [UInt8](unsafeUninitializedCapacity: kept.count + room) { raw, initialized in
                let base = raw.baseAddress!
                kept.withUnsafeBufferPointer { old in
                    if let from = old.baseAddress { base.initialize(from: from, count: old.count) }
                }
                got = pread(descriptor, base + kept.count, room, off_t(offset))
                initialized = kept.count + max(got, 0)
            }
            advance(by: got)
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var left = limit - (out.count - startCount)
        while left > 0 {
            let n = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, min($0.count, left), off_t(offset)) }
            if n <= 0 { break }
            out.append(contentsOf: chunk[0..<n])
            advance(by: n)
            left -= n
        }
    }

    /// Reads on in the rotated copy; true while it has more than `limit`
    /// allowed, so the current file waits its turn.
    private func drainRotatedCopy(into out: inout [UInt8], limit: Int) -> Bool {
        guard let copy = rotatedCopy else { return false }
        guard limit > 0 else { return true }
        let count = Int(min(copy.end - copy.offset, UInt64(max(limit, 0))))
        var got = 0
        if count > 0 {
            let kept = out.count
            out.append(contentsOf: repeatElement(0, count: count))
            got = out.withUnsafeMutableBufferPointer { pread(copy.descriptor, $0.baseAddress! + kept, count, off_t(copy.offset)) }
            out.removeLast(count - max(got, 0))
            bytesRead += UInt64(max(got, 0))
        }
        let next = copy.offset + UInt64(max(got, 0))
        if got > 0 && next < copy.end {
            rotatedCopy = (copy.descriptor, next, copy.end)
            return true
        }
        close(copy.descriptor)
        rotatedCopy = nil
        return false
    }

    private func advance(by count: Int) {
        guard count > 0 else { return }
        offset += UInt64(count)
        bytesRead += UInt64(count)
    }

    private static func open(_ path: String) -> (Int32, FileIdentity, UInt64)? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = Glibc.stat()
        guard fstat(fd, &info) == 0 else { close(fd); return nil }
        return (fd, FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)), UInt64(info.st_size))
    }

    private static func status(_ path: String) -> (identity: FileIdentity, size: UInt64)? {
        var info = Glibc.stat()
        guard fstatat(AT_FDCWD, path, &info, 0) == 0 else { return nil }
        return (FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)), UInt64(info.st_size))
    }
}

/// Calls `body` with each newline-terminated line of `bytes`, newline
/// left out; bytes after the last newline are ignored.
func forEachLine(in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    guard let base = bytes.baseAddress else { return }
    var start = 0
    while start < bytes.count, let hit = memchr(base + start, 0x0A, bytes.count - start) {
        let end = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
        body(UnsafeBufferPointer(start: base + start, count: end - start))
        start = end + 1
    }
}
