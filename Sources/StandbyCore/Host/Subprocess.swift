import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion: posix_spawn, output through files,
/// waitpid. Foundation's Process was seen leaving a child unreaped (and its
/// pipe reader blocked forever) when the child started a daemon, as
/// `pg_ctlcluster start` does; files and a direct waitpid have neither
/// problem. Children start with an empty signal mask and default signal
/// dispositions, whatever the caller's threads block.
public enum Subprocess {
    /// `input`, when given, is the child's standard input through a pipe
    /// (a file's new content for a host over ssh; never in argv).
    public static func run(_ argv: [String], environment: [String: String]? = nil,
                           mergeOutput: Bool = false, input: [UInt8]? = nil) throws -> CommandOutput {
        try runRaw(argv, environment: environment, mergeOutput: mergeOutput, input: input).text
    }

    public static func runRaw(_ argv: [String], environment: [String: String]? = nil,
                              mergeOutput: Bool = false, input: [UInt8]? = nil) throws -> RawOutput {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("standby-wizard-\(UUID().uuidString)").path
        let outPath = base + ".out", errPath = base + ".err"
        defer { unlink(outPath); unlink(errPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipeEnds: [Int32] = [-1, -1]
        if input != nil {
            guard pipe(&pipeEnds) == 0 else { throw HostAccessError.cannotStart(argv[0], reason: SystemError.text(errno)) }
            // Close-on-exec, so no other child started meanwhile holds the
            // write end open and keeps this one from seeing the input end.
            for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            // A child that exits before reading it all must not end the
            // wizard with SIGPIPE; the write then fails with EPIPE instead.
            signal(SIGPIPE, SIG_IGN)
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
            posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
            posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        defer { for end in pipeEnds where end >= 0 { close(end) } }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if mergeOutput {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        let pid = try spawn(argv, environment: environment, actions: &actions)
        if let input {
            close(pipeEnds[0])
            pipeEnds[0] = -1
            var offset = 0
            while offset < input.count {
                let n = input[offset...].withUnsafeBytes { Glibc.write(pipeEnds[1], $0.baseAddress, $0.count) }
                if n < 0 { if errno == EINTR { continue }; break }
                offset += n
            }
            close(pipeEnds[1])
            pipeEnds[1] = -1
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        func read(_ path: String) -> [UInt8] { FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? [] }
        return RawOutput(exitStatus: exit, stdout: read(outPath), stderr: mergeOutput ? [] : read(errPath))
    }

    /// What a finished program wrote, byte for byte (a file read over ssh
    /// must come back exactly as it is on the host).
    public struct RawOutput: Sendable {
        public var exitStatus: Int32
        public var stdout: [UInt8]
        public var stderr: [UInt8]

        public var text: CommandOutput {
            CommandOutput(exitStatus: exitStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    /// posix_spawnp with `actions`, a clean signal state, and `environment`
    /// (nil: the wizard's own); the child's pid.
    static func spawn(_ argv: [String], environment: [String: String]?,
                      actions: inout posix_spawn_file_actions_t) throws -> pid_t {
        var attributes = cleanSpawnAttributes()
        defer { posix_spawnattr_destroy(&attributes) }
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let envStrings = (environment ?? [:]).map { $0.key + "=" + $0.value }
        var cEnv: [UnsafeMutablePointer<CChar>?] = envStrings.map { strdup($0) } + [nil]
        defer { cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = environment == nil
            ? posix_spawnp(&pid, argv[0], &actions, &attributes, &cArgs, environ)
            : posix_spawnp(&pid, argv[0], &actions, &attributes, &cArgs, &cEnv)
        guard rc == 0 else {
            if rc == ENOENT { throw HostAccessError.commandNotFound(argv[0]) }
            throw HostAccessError.cannotStart(argv[0], reason: String(cString: strerror(rc)))
        }
        return pid
    }

    /// Runs a program on the caller's own terminal and file descriptors (a
    /// pager, an editor) and waits for it; returns the raw wait status.
    @discardableResult
    public static func runAttached(_ argv: [String]) throws -> Int32 {
        var attributes = cleanSpawnAttributes()
        defer { posix_spawnattr_destroy(&attributes) }
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], nil, &attributes, &cArgs, environ)
        guard rc == 0 else { throw HostAccessError.cannotStart(argv[0], reason: String(cString: strerror(rc))) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return status
    }

    /// An empty signal mask and default dispositions for the child,
    /// whatever the calling thread blocks or ignores.
    private static func cleanSpawnAttributes() -> posix_spawnattr_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        return attributes
    }
}
