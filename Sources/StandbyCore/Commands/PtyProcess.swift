import CPty
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program running on its own pseudo-terminal, in its own session, so it
/// behaves as on a console (progress bars, prompts, colour) and Ctrl-C
/// reaches it rather than the wizard. Nothing here blocks: the caller's
/// loop reads, polls and draws.
public final class PtyProcess: @unchecked Sendable {
    public struct Size: Sendable, Equatable {
        public var rows: Int
        public var columns: Int
        public init(rows: Int, columns: Int) {
            self.rows = rows
            self.columns = columns
        }
    }

    public enum Exit: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        public var succeeded: Bool { self == .exited(0) }
        /// The shell's convention, for transcripts and scripts.
        public var code: Int32 {
            switch self {
            case .exited(let code): code
            case .signalled(let signal): 128 + signal
            }
        }
        public var description: String {
            switch self {
            case .exited(let code): "exit status \(code)"
            case .signalled(let signal): "killed by signal \(signal)"
            }
        }
    }

    public struct StartError: Error, Sendable, CustomStringConvertible {
        public var program: String
        public var errno: Int32
        public var description: String { "cannot start \(program): \(String(cString: strerror(errno)))" }
    }

    public let pid: pid_t
    private var master: Int32
    public private(set) var exit: Exit?
    /// True once the terminal is closed: no more output will come.
    public private(set) var outputEnded = false
    /// The last `read` stopped at its budget or limit with output still
    /// coming: more is very likely waiting, so the caller should not sleep.
    public private(set) var lastReadFilled = false
    private var exitNoticed: Date?
    /// After the direct child exits, output still in the pty is read for
    /// this long; a daemon the command left holding the slave must not keep
    /// the step open.
    public var drainAfterExit: TimeInterval = 0.3

    /// `environment` replaces the wizard's environment entirely.
    public init(argv: [String], environment: [String: String], workingDirectory: String? = nil,
                size: Size = Size(rows: 24, columns: 80)) throws {
        precondition(!argv.isEmpty, "argv needs a program")
        // The child execs without a PATH search of its own (only
        // async-signal-safe calls after fork): the program is found here.
        guard let program = LocalHost.resolve(argv[0], searchPath: environment["PATH"] ?? "/usr/bin:/bin") else {
            throw StartError(program: argv[0], errno: ENOENT)
        }
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var cEnv = environment.sorted { $0.key < $1.key }.map { strdup($0.key + "=" + $0.value) } + [nil]
        defer { cEnv.forEach { free($0) } }
        var masterFD: Int32 = -1
        var childPID: pid_t = 0
        let rows = UInt16(clamping: size.rows), columns = UInt16(clamping: size.columns)
        let rc: Int32 = if let workingDirectory {
            cpty_spawn(program, &cArgs, &cEnv, workingDirectory, rows, columns, &masterFD, &childPID)
        } else {
            cpty_spawn(program, &cArgs, &cEnv, nil, rows, columns, &masterFD, &childPID)
        }
        guard rc == 0 else { throw StartError(program: argv[0], errno: rc) }
        master = masterFD
        pid = childPID
    }

    deinit {
        if exit == nil { kill(-pid, SIGKILL) }
        closeMaster()
        if exit == nil { _ = reap(blocking: true) }
    }

    /// Reads whatever is available, for at most `budget` seconds or
    /// `limit` bytes; returns what it got (possibly nothing). Reading in a
    /// burst rather than one chunk per call keeps throughput near the pty's
    /// own; the budget keeps the caller's loop responsive.
    public func read(budget: TimeInterval = 0.01, limit: Int = 1 << 20) -> [UInt8] {
        lastReadFilled = false
        guard master >= 0 else { return [] }
        var out: [UInt8] = []
        let deadline = Date().addingTimeInterval(budget)
        var chunk = [UInt8](repeating: 0, count: 65536)
        while out.count < limit {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
            if n > 0 {
                out.append(contentsOf: chunk[0..<n])
                if Date() >= deadline || out.count >= limit {
                    lastReadFilled = true
                    break
                }
                continue
            }
            if n == 0 || (errno != EAGAIN && errno != EINTR) {
                // EIO: every holder of the slave is gone.
                closeMaster()
                break
            }
            if errno == EINTR { continue }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { break }
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, Int32(max(1, remaining * 1000))) <= 0 { break }
        }
        if master >= 0, exit != nil, let noticed = exitNoticed,
           Date().timeIntervalSince(noticed) >= drainAfterExit, out.isEmpty {
            closeMaster()
        }
        return out
    }

    /// Sends bytes to the program as if typed.
    public func write(_ bytes: [UInt8]) {
        guard master >= 0 else { return }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) }
            if n > 0 { offset += n; continue }
            if errno == EINTR { continue }
            if errno == EAGAIN {
                var pfd = pollfd(fd: master, events: Int16(POLLOUT), revents: 0)
                _ = poll(&pfd, 1, 100)
                continue
            }
            break
        }
    }

    public func write(_ text: String) { write(Array(text.utf8)) }

    public func resize(_ size: Size) {
        guard master >= 0 else { return }
        _ = cpty_resize(master, UInt16(clamping: size.rows), UInt16(clamping: size.columns))
    }

    /// SIGINT to the whole process group, as Ctrl-C on a console would.
    public func interrupt() { signalGroup(SIGINT) }

    public func signalGroup(_ signal: Int32) {
        // The child leads its own session, so its pid is the group id. After
        // it exits (and is reaped) the id may be reused: signal only while
        // it is ours.
        guard exit == nil else { return }
        kill(-pid, signal)
    }

    /// Starts stopping the command: SIGINT now, SIGTERM after `grace`,
    /// SIGKILL after another `grace`. `pollExit` moves the escalation on,
    /// so a hung command is always gone within twice the grace period.
    public func cancel(grace: TimeInterval = 2) {
        guard exit == nil, cancelStarted == nil else { return }
        cancelStarted = Date()
        cancelGrace = grace
        cancelStage = 0
        signalGroup(SIGINT)
    }

    public var isCancelling: Bool { cancelStarted != nil }

    private var cancelStarted: Date?
    private var cancelGrace: TimeInterval = 2
    private var cancelStage = 0

    /// Checks once, without waiting, whether the direct child has exited.
    @discardableResult
    public func pollExit(now: Date = Date()) -> Exit? {
        if exit == nil { _ = reap(blocking: false) }
        if let started = cancelStarted {
            let waited = now.timeIntervalSince(started)
            if cancelStage == 0, waited >= cancelGrace {
                cancelStage = 1
                killGroup(SIGTERM)
            }
            if cancelStage == 1, waited >= 2 * cancelGrace {
                cancelStage = 2
                killGroup(SIGKILL)
            }
        }
        return exit
    }

    /// After the shell is gone its children may still run in the group; the
    /// group id cannot be reused while any of them lives.
    private func killGroup(_ signal: Int32) {
        if kill(-pid, signal) != 0, exit == nil { kill(pid, signal) }
    }

    /// True when the step can be considered over: the child has exited and
    /// its output is drained (or the drain time has passed).
    public var isFinished: Bool { exit != nil && outputEnded }

    private func reap(blocking: Bool) -> Bool {
        var status: Int32 = 0
        var rc: pid_t
        repeat { rc = waitpid(pid, &status, blocking ? 0 : WNOHANG) } while rc == -1 && errno == EINTR
        guard rc == pid else { return false }
        exit = (status & 0x7f) == 0 ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f)
        exitNoticed = Date()
        return true
    }

    private func closeMaster() {
        guard master >= 0 else { return }
        // Hangs up the session: anything still attached gets SIGHUP.
        close(master)
        master = -1
        outputEnded = true
    }

    /// Closes the terminal now, for callers that give up on the output.
    public func closeTerminal() { closeMaster() }
}
