import Foundation
@testable import StandbyCore

/// A host whose files live in a dictionary: the editors and the planner
/// see exactly the text a test gives them, and writes land back here.
/// Commands are scripted: a test says what a command prints and how it
/// ends (and what it appends to a file, as a server appends to its log),
/// and every command started is kept, in order, for the test to read.
/// It drives the engine in memory; it never stands in for the end-to-end
/// test of the same path against real servers.
public final class MemoryHost: HostAccess, @unchecked Sendable {
    public let role: HostRole
    private let lock = NSLock()
    private var files: [String: [UInt8]]
    private var directories: Set<String>
    private var accounts: [String: UserAccount]
    private var scripts: [Script] = []
    private var queries: [(match: String, answer: String)] = []
    private var startedLines: [String] = []
    private var ranLines: [String] = []

    /// What a command whose line contains `match` does.
    public struct Script: Sendable {
        public var match: String
        public var output: String
        public var exitStatus: Int32
        /// Appended to this file when the command runs (path, text).
        public var appends: (String, String)?
        /// Runs until interrupted.
        public var hangs: Bool
        /// Files under the first directory move under the second (mv).
        public var moves: (String, String)?

        public init(_ match: String, output: String = "", exitStatus: Int32 = 0, appends: (String, String)? = nil,
                    hangs: Bool = false, moves: (String, String)? = nil) {
            self.match = match
            self.output = output
            self.exitStatus = exitStatus
            self.appends = appends
            self.hangs = hangs
            self.moves = moves
        }
    }

    public init(role: HostRole = .primary, files: [String: String] = [:], directories: Set<String> = [],
         accounts: [String: UserAccount] = [:]) {
        self.role = role
        self.files = files.mapValues { Array($0.utf8) }
        var all = directories
        for path in files.keys { all.insert(ConfPath.directory(of: path)) }
        self.directories = all
        self.accounts = accounts
    }

    /// Later scripts win over earlier ones that match the same line.
    public func script(_ script: Script) { lock.withLock { scripts.append(script) } }

    /// What `run` answers (on stdout) for an argv whose words contain
    /// `match`: the SQL of a check, say.
    public func answer(_ match: String, with answer: String) { lock.withLock { queries.append((match, answer)) } }

    /// The command lines started on a terminal, in order.
    public var started: [String] { lock.withLock { startedLines } }
    /// The argv of every plain run, joined, in order.
    public var ran: [String] { lock.withLock { ranLines } }

    /// Everything at or under `from` now at or under `to`.
    public func move(_ from: String, _ to: String) {
        lock.withLock {
            for path in files.keys where path == from || path.hasPrefix(from + "/") {
                files[to + path.dropFirst(from.count)] = files.removeValue(forKey: path)
            }
            for path in directories where path == from || path.hasPrefix(from + "/") {
                directories.remove(path)
                directories.insert(to + path.dropFirst(from.count))
            }
        }
    }

    public subscript(path: String) -> String? {
        get { lock.withLock { files[path].map { String(decoding: $0, as: UTF8.self) } } }
        set { lock.withLock { files[path] = newValue.map { Array($0.utf8) } } }
    }

    public func setBytes(_ path: String, _ bytes: [UInt8]) { lock.withLock { files[path] = bytes } }
    public func bytes(_ path: String) -> [UInt8]? { lock.withLock { files[path] } }
    public var paths: [String] { lock.withLock { files.keys.sorted() } }

    public func readFile(_ path: String) throws -> String {
        guard let text = self[path] else { throw HostAccessError.cannotRead(path) }
        return text
    }

    public func fileExists(_ path: String) -> Bool { lock.withLock { files[path] != nil || directories.contains(path) } }

    /// Called with each plain run's line before it is answered, outside
    /// the host's lock: a test may hold a query there, as a slow server.
    public var beforeAnswering: (@Sendable (String) -> Void)? {
        get { lock.withLock { heldBy } }
        set { lock.withLock { heldBy = newValue } }
    }
    private var heldBy: (@Sendable (String) -> Void)?

    public func run(_ argv: [String], environment: [String: String]?) throws -> CommandOutput {
        let line = argv.joined(separator: " ")
        beforeAnswering?(line)
        return try lock.withLock {
            ranLines.append(line)
            guard let found = queries.last(where: { line.contains($0.match) }) else {
                throw HostAccessError.commandNotFound(argv.first ?? "")
            }
            return CommandOutput(exitStatus: 0, stdout: found.answer + "\n", stderr: "")
        }
    }

    public func startCommand(_ argv: [String], environment: [String: String], size: PtyProcess.Size) throws -> any LiveProcess {
        let line = argv.joined(separator: " ")
        let script = lock.withLock { () -> Script? in
            startedLines.append(line)
            return scripts.last { line.contains($0.match) }
        } ?? Script("", output: "")
        if let (path, text) = script.appends { self[path] = (self[path] ?? "") + text }
        if let (from, to) = script.moves { move(from, to) }
        return ScriptedProcess(output: Array(script.output.utf8), exit: .exited(script.exitStatus), hangs: script.hangs)
    }

    public func makePasswordFile(line: String, owner: RunAs, facts: HostFacts) throws -> any TemporaryPasswordFile {
        let path = "/tmp/memory-pgpass-\(UUID().uuidString)"
        self[path] = line + "\n"
        return MemoryPasswordFile(path: path, host: self)
    }

    public func readFileBytes(_ path: String) throws -> [UInt8] {
        guard let bytes = bytes(path) else { throw HostAccessError.cannotRead(path) }
        return bytes
    }

    public func fileInfo(_ path: String) throws -> FileInfo? {
        lock.withLock {
            if let bytes = files[path] {
                return FileInfo(owner: 0, group: 0, permissions: 0o644, size: Int64(bytes.count), isDirectory: false,
                                isRegularFile: true)
            }
            if directories.contains(path) {
                return FileInfo(owner: 0, group: 0, permissions: 0o700, size: 0, isDirectory: true, isRegularFile: false)
            }
            return nil
        }
    }

    public func listDirectory(_ path: String) throws -> [String] {
        lock.withLock {
            let prefix = path.hasSuffix("/") ? path : path + "/"
            // Names of files and of the directories files sit in, once each.
            let names = (Array(files.keys) + Array(directories)).filter { $0.hasPrefix(prefix) }
                .compactMap { $0.dropFirst(prefix.count).split(separator: "/").first.map(String.init) }
            return Array(Set(names)).sorted()
        }
    }

    public func account(named name: String) throws -> UserAccount? { lock.withLock { accounts[name] } }

    /// Same checks as the real writer, without the file system.
    public func writeFileSafely(_ write: SafeWrite, at date: Date) throws -> SafeWriteReceipt {
        try lock.withLock {
            let current = files[write.path]
            guard current == write.expected else { throw SafeWriteError.changedOnDisk(path: write.path, current: current) }
            var backup: String?
            if let current {
                var candidate = SafeFileWriter.backupName(for: write.path, at: date)
                var n = 2
                let base = candidate
                while files[candidate] != nil {
                    candidate = "\(base)-\(n)"
                    n += 1
                }
                files[candidate] = current
                backup = candidate
            }
            files[write.path] = write.content
            return SafeWriteReceipt(path: write.path, backupPath: backup, created: current == nil,
                                    removed: write.content == nil)
        }
    }
}


struct MemoryPasswordFile: TemporaryPasswordFile {
    let path: String
    let host: MemoryHost
    func remove() { host[path] = nil }
}

/// A command played back: its output at the first read, then its end; a
/// hanging one ends only when cancelled, as if it took Ctrl-C.
public final class ScriptedProcess: LiveProcess, @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [UInt8]
    private let ending: PtyProcess.Exit
    private let hangs: Bool
    private var cancelled = false
    public private(set) var exit: PtyProcess.Exit?
    public private(set) var outputEnded = false

    init(output: [UInt8], exit: PtyProcess.Exit, hangs: Bool) {
        pending = output
        ending = exit
        self.hangs = hangs
    }

    public func read(budget: TimeInterval, limit: Int) -> [UInt8] {
        lock.withLock {
            defer { pending = [] }
            if !hangs || cancelled { outputEnded = true }
            return pending
        }
    }

    public func write(_ bytes: [UInt8]) {}
    public func resize(_ size: PtyProcess.Size) {}
    public func cancel(grace: TimeInterval) { lock.withLock { cancelled = true } }
    public var isCancelling: Bool { lock.withLock { cancelled } }

    @discardableResult
    public func pollExit(now: Date) -> PtyProcess.Exit? {
        lock.withLock {
            if exit == nil, !hangs { exit = ending }
            if exit == nil, cancelled { exit = .signalled(2) }
            return exit
        }
    }
}

/// Two hosts in memory, and this machine, behind the engine's one seam.
public struct MemoryHosts: HostResolver {
    public let primary: MemoryHost
    public let secondary: MemoryHost
    public let local: MemoryHost
    public let facts: HostFacts

    public init(primary: MemoryHost = MemoryHost(role: .primary), secondary: MemoryHost = MemoryHost(role: .secondary),
                local: MemoryHost = MemoryHost(role: .local),
                facts: HostFacts = HostFacts(isRoot: true, userName: "root", runuserPath: "/usr/sbin/runuser",
                                             pgCtlClusterPath: "/usr/bin/pg_ctlcluster")) {
        self.primary = primary
        self.secondary = secondary
        self.local = local
        self.facts = facts
    }

    public func host(for role: HostRole) -> any HostAccess { memory(role) }

    func memory(_ role: HostRole) -> MemoryHost {
        switch role {
        case .primary: primary
        case .secondary: secondary
        case .local: local
        }
    }

    public func facts(for role: HostRole) -> HostFacts { facts }
    public func sameMachine(_ one: HostRole, _ other: HostRole) -> Bool { memory(one) === memory(other) }
}
