import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The record of one wizard run: every command as shown (password masked),
/// its complete output with secrets redacted, its exit status and timing,
/// and the operator's decisions such as skipping a failed step. One file
/// per run, readable by its owner only.
public final class Transcript: @unchecked Sendable {
    public let path: String
    private let directory: String
    private let lock = NSLock()
    private var fd: Int32 = -1
    private var openFailed = false
    private var redactors: [Redactor] = []

    public struct OpenError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var errno: Int32
        public var description: String { "cannot write transcript \(path): \(String(cString: strerror(errno)))" }
    }

    /// Creates `directory` (mode 0700) if needed and a new file in it.
    public convenience init(directory: String, now: Date = Date()) throws {
        self.init(deferredIn: directory, now: now)
        lock.lock()
        defer { lock.unlock() }
        if let error = openLocked() { throw error }
    }

    /// The same, but the directory and file are made when the first thing
    /// is written: the screen opens without them (making the file was a
    /// share of the wait for its first frame), and a session that ran
    /// nothing leaves no empty transcript. One that cannot be made then
    /// keeps nothing, as a transcript that could not be opened.
    public init(deferredIn directory: String, now: Date = Date()) {
        self.directory = directory
        // strftime, not DateFormatter: the first DateFormatter loads ICU's
        // calendars, milliseconds before the wizard's first frame.
        path = "\(directory)/standby-wizard-\(LocalTime.format(now, "%Y%m%d-%H%M%S"))-\(getpid()).log"
    }

    deinit { if fd >= 0 { close(fd) } }

    /// The file's path once it exists: nil before anything was written, or
    /// when it could not be made.
    public var writtenPath: String? {
        lock.lock()
        defer { lock.unlock() }
        return fd >= 0 ? path : nil
    }

    private func openLocked() -> OpenError? {
        // A directory that cannot be made shows as open's error below.
        _ = SessionLogDirectory.makePrivate(directory)
        // O_EXCL: never append to (or through a symlink into) a file someone
        // prepared in advance.
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            openFailed = true
            return OpenError(path: path, errno: errno)
        }
        fchmod(fd, 0o600)
        return nil
    }

    private func openedDescriptor() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if fd < 0, !openFailed { _ = openLocked() }
        return fd >= 0 ? fd : nil
    }

    /// Starts a command's section. `secrets` are redacted from its output.
    public func beginCommand(shown: String, host: String, user: String, secrets: [String], at time: Date = Date()) {
        redactors = secrets.filter { !$0.isEmpty }.map { Redactor(secret: $0) }
        let header = "\n=== \(Self.timestamp(time)) on \(host) as \(user)\n$ \(redactLine(shown))\n"
        append(Array(header.utf8))
    }

    public func output(_ bytes: [UInt8]) {
        var data = bytes
        for index in redactors.indices { data = redactors[index].redact(data) }
        append(data)
    }

    public func endCommand(status: String, elapsed: TimeInterval, at time: Date = Date()) {
        var tail: [UInt8] = []
        for index in redactors.indices {
            // Each redactor's held tail still has to pass the later ones.
            var piece = redactors[index].finish()
            for later in redactors.indices where later > index { piece = redactors[later].redact(piece) }
            tail += piece
        }
        redactors = []
        append(tail)
        let footer = String(format: "\n=== %@ after %.1f s (%@)\n", status, elapsed, Self.timestamp(time))
        append(Array(footer.utf8))
    }

    /// A line for events that are not command output.
    public func note(_ text: String, at time: Date = Date()) {
        append(Array("\n=== \(Self.timestamp(time)) \(text)\n".utf8))
    }

    private func redactLine(_ line: String) -> String {
        var text = line
        for redactor in redactors {
            var copy = redactor
            text = String(decoding: copy.redact(Array(text.utf8)) + copy.finish(), as: UTF8.self)
        }
        return text
    }

    private func append(_ bytes: [UInt8]) {
        guard let fd = openedDescriptor() else { return }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n > 0 { offset += n } else if errno != EINTR { return }
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: date)
    }
}
