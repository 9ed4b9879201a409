import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program on a host whose standard input stays open: the wizard writes
/// to it and reads its answers line by line, one request after another
/// (psql answering the checks' queries on one connection instead of a
/// process and a connection per query). Its standard error is discarded:
/// a caller that needs a failure's own words runs the request again on
/// its own (`HostAccess.run`).
public protocol HostSession: AnyObject, Sendable {
    func send(_ bytes: [UInt8]) throws
    /// The next line of standard output without its newline; nil once
    /// the program has closed it (it ended, or its host went away).
    func readLine() throws -> String?
    /// Ends the program: its input closes, and it is reaped.
    func close()
}

public struct HostSessionError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension HostAccess {
    /// Hosts that run nothing (tests' in-memory hosts) keep no sessions;
    /// their callers ask one request at a time through `run`.
    public func openSession(_ argv: [String], environment: [String: String]?) throws -> any HostSession {
        throw HostCannotDo(what: "keep \(argv.first ?? "a program") running", role: role)
    }
}

/// A local child with pipes on standard input and output.
public final class PipeSession: HostSession, @unchecked Sendable {
    private let pid: pid_t
    private var input: Int32
    private var output: Int32
    private var buffer: [UInt8] = []
    private var ended = false
    private let lock = NSLock()

    /// `environment` nil inherits the wizard's.
    public init(argv: [String], environment: [String: String]?) throws {
        guard let name = argv.first, !name.isEmpty else { throw HostAccessError.emptyCommand }
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0 else { throw HostAccessError.cannotStart(name, reason: SystemError.text(errno)) }
        guard pipe(&fromChild) == 0 else {
            Glibc.close(toChild[0]); Glibc.close(toChild[1])
            throw HostAccessError.cannotStart(name, reason: SystemError.text(errno))
        }
        // Close-on-exec: no other child started meanwhile may hold these
        // ends, or this one would never see its input end.
        for end in toChild + fromChild { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        // A child that died must not end the wizard with SIGPIPE on the
        // next write; the write fails with EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let child: pid_t
        do {
            child = try Subprocess.spawn(argv, environment: environment, actions: &actions)
        } catch {
            for end in toChild + fromChild { Glibc.close(end) }
            throw error
        }
        Glibc.close(toChild[0])
        Glibc.close(fromChild[1])
        pid = child
        input = toChild[1]
        output = fromChild[0]
    }

    deinit { close() }

    public func send(_ bytes: [UInt8]) throws {
        try lock.withLock {
            guard input >= 0 else { throw HostSessionError(description: "the session is closed") }
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { Glibc.write(input, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw HostSessionError(description: "cannot write to the session: \(SystemError.text(errno))")
                }
                offset += n
            }
        }
    }

    public func readLine() throws -> String? {
        try lock.withLock {
            var scanned = 0
            while true {
                if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[..<newline], as: UTF8.self)
                    buffer.removeSubrange(...newline)
                    return line
                }
                scanned = buffer.count
                if ended || output < 0 { return nil }
                var chunk = [UInt8](repeating: 0, count: 16384)
                let n = chunk.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw HostSessionError(description: "cannot read from the session: \(SystemError.text(errno))")
                }
                if n == 0 { ended = true; continue }
                buffer += chunk[..<n]
            }
        }
    }

    public func close() {
        let pid: pid_t? = lock.withLock {
            guard input >= 0 || output >= 0 else { return nil }
            if input >= 0 { Glibc.close(input); input = -1 }
            if output >= 0 { Glibc.close(output); output = -1 }
            return self.pid
        }
        guard let pid else { return }
        // psql ends at the end of its input, a few milliseconds later (and
        // runuser after it): reaped off the caller's way, so a pass of
        // checks does not wait for it. One that does not end (stuck in a
        // query) is stopped rather than waited on forever.
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { return }
        Thread.detachNewThread {
            var status: Int32 = 0
            for attempt in 0..<2000 {
                let reaped = waitpid(pid, &status, WNOHANG)
                if reaped == pid || (reaped == -1 && errno != EINTR) { return }
                if attempt == 1000 { kill(pid, SIGTERM) }
                usleep(1000)
            }
            kill(pid, SIGKILL)
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        }
    }
}
