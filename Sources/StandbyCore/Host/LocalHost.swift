import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The machine the wizard runs on.
public struct LocalHost: HostAccess {
    public let role: HostRole

    public init(role: HostRole = .local) {
        self.role = role
    }

    public func readFile(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw HostAccessError.cannotRead(path) }
        return String(decoding: data, as: UTF8.self)
    }

    public func fileExists(_ path: String) -> Bool {
        LocalFiles.exists(path)
    }

    public func readFileBytes(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HostAccessError.unreadable(path, reason: SystemError.text(errno)) }
        defer { close(fd) }
        do {
            return try SafeFileWriter.readAll(fd, path: path)
        } catch SafeWriteError.system(_, _, let code) {
            throw HostAccessError.unreadable(path, reason: SystemError.text(code))
        }
    }

    public func fileInfo(_ path: String) throws -> FileInfo? {
        var st = stat()
        if stat(path, &st) != 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw SafeWriteError.system(path: path, operation: "stat", errno: errno)
        }
        return LocalFileStat.info(st)
    }

    public func listDirectory(_ path: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw HostAccessError.cannotList(path, reason: error.localizedDescription)
        }
    }

    public func account(named name: String) throws -> UserAccount? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16384)
        let rc = getpwnam_r(name, &entry, &buffer, buffer.count, &result)
        guard rc == 0, let found = result?.pointee else { return nil }
        return UserAccount(name: name, uid: UInt32(found.pw_uid), gid: UInt32(found.pw_gid),
                           home: String(cString: found.pw_dir))
    }

    public func writeFileSafely(_ write: SafeWrite, at date: Date) throws -> SafeWriteReceipt {
        try SafeFileWriter.write(write, at: date)
    }

    public func run(_ argv: [String], environment: [String: String]?) throws -> CommandOutput {
        guard let name = argv.first, !name.isEmpty else { throw HostAccessError.emptyCommand }
        let path = environment?["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let executable = Self.resolve(name, searchPath: path) else { throw HostAccessError.commandNotFound(name) }

        // A command that wants input gets /dev/null, not a terminal that
        // ncurses owns; see Subprocess for why not Foundation's Process.
        return try Subprocess.run([executable] + argv.dropFirst(), environment: environment)
    }

    public func openSession(_ argv: [String], environment: [String: String]?) throws -> any HostSession {
        guard let name = argv.first, !name.isEmpty else { throw HostAccessError.emptyCommand }
        let path = environment?["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let executable = Self.resolve(name, searchPath: path) else { throw HostAccessError.commandNotFound(name) }
        return try PipeSession(argv: [executable] + argv.dropFirst(), environment: environment)
    }

    public func startCommand(_ argv: [String], environment: [String: String], size: PtyProcess.Size) throws -> any LiveProcess {
        try PtyProcess(argv: argv, environment: environment, size: size)
    }

    public func makePasswordFile(line: String, owner: RunAs, facts: HostFacts) throws -> any TemporaryPasswordFile {
        try PasswordFileHolder(line: line, owner: owner, facts: facts)
    }

    public func followLog(_ path: String, fromStart: Bool) -> any LogFollower {
        LogCursor(path: path, fromStart: fromStart)
    }

    /// argv[0] as execvp would find it: a name with a slash is used as is.
    static func resolve(_ name: String, searchPath: String) -> String? {
        if name.contains("/") { return name }
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if LocalFiles.isExecutable(candidate) { return candidate }
        }
        return nil
    }
}
