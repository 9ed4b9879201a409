import Foundation

/// A database host reached over ssh. Every read, write, listing and
/// command is one remote program run through the shared connection; file
/// content travels on standard input and output, never in argv.
public struct SshHost: HostAccess {
    public let role: HostRole
    public let connection: SshConnection
    /// The host's own facts (its user, runuser or sudo, systemd), read once.
    public let facts: HostFacts
    /// The ssh user's sudo password when sudo there asks for one.
    let sudoPassword: String?

    public init(role: HostRole, connection: SshConnection, facts: HostFacts, sudoPassword: String? = nil) {
        self.role = role
        self.connection = connection
        self.facts = facts
        self.sudoPassword = sudoPassword
    }

    /// The prompt the wizard gives sudo on a command's terminal, so that
    /// it answers sudo and nothing else.
    static let sudoPrompt = "standby-wizard: sudo password: "

    /// Files of the cluster are postgres's and root's: an ssh user that is
    /// neither reads and writes them through sudo, which must not ask
    /// (no terminal here); commands on a terminal may ask, and the pane
    /// passes the operator's keys on.
    var elevation: [String] {
        if facts.isRoot { return [] }
        return sudoPassword == nil ? ["sudo", "-n", "--"] : ["sudo"] + Self.sudoReadsPassword + ["--"]
    }

    /// sudo -S reads the password's line first, a byte at a time, and
    /// leaves the rest of the input to the program. -k: always, even when
    /// an earlier call left sudo's timestamp, or the line would go to the
    /// program instead.
    static let sudoReadsPassword = ["-k", "-S", "-p", ""]

    func withSudoPassword(_ input: [UInt8]?) -> [UInt8]? {
        guard !facts.isRoot, let sudoPassword else { return input }
        return Array((sudoPassword + "\n").utf8) + (input ?? [])
    }

    func remote(_ argv: [String]) -> String { ShellQuote.line(elevation + argv) }

    /// A command the caller switched to another user with sudo, which the
    /// wizard answers with the password the operator gave.
    func answersSudo(_ argv: [String]) -> Bool {
        guard sudoPassword != nil, !facts.isRoot, let name = argv.first else { return false }
        return name == "sudo" || name.hasSuffix("/sudo")
    }

    /// A remote program's result, with its own complaint as the reason.
    func runChecked(_ argv: [String], input: [UInt8]? = nil) throws -> Subprocess.RawOutput {
        let output = try Subprocess.runRaw(connection.batchArgv(remote(argv)), input: withSudoPassword(input))
        if output.exitStatus == 255 {
            throw SshProblem.classify(String(decoding: output.stderr, as: UTF8.self), destination: connection.destination)
        }
        return output
    }

    static func reason(_ stderr: [UInt8], path: String) -> String {
        let line = String(decoding: stderr, as: UTF8.self).split(whereSeparator: \.isNewline).last.map(String.init) ?? "failed"
        // "cat: /etc/x: Permission denied" -> "Permission denied"
        if let range = line.range(of: path + ": ") { return String(line[range.upperBound...]) }
        return line
    }

    public func readFile(_ path: String) throws -> String {
        String(decoding: try readFileBytes(path), as: UTF8.self)
    }

    public func readFileBytes(_ path: String) throws -> [UInt8] {
        let output = try runChecked(["cat", "--", path])
        guard output.exitStatus == 0 else { throw HostAccessError.unreadable(path, reason: Self.reason(output.stderr, path: path)) }
        return output.stdout
    }

    public func fileExists(_ path: String) -> Bool {
        (try? runChecked(["test", "-e", path]).exitStatus) == 0
    }

    public func fileInfo(_ path: String) throws -> FileInfo? {
        let output = try runChecked(["stat", "-L", "-c", "%u %g %f %s %Y %y", "--", path])
        guard output.exitStatus == 0 else {
            let reason = Self.reason(output.stderr, path: "'\(path)'")
            if reason.contains("No such file") || reason.contains("Not a directory") { return nil }
            throw HostAccessError.unreadable(path, reason: reason)
        }
        guard let info = RemoteStat.parse(String(decoding: output.stdout, as: UTF8.self)) else {
            throw HostAccessError.unreadable(path, reason: "stat gave an answer the wizard cannot read")
        }
        return info
    }

    public func listDirectory(_ path: String) throws -> [String] {
        let output = try runChecked(["find", path, "-mindepth", "1", "-maxdepth", "1", "-printf", "%f\\0"])
        guard output.exitStatus == 0 else { throw HostAccessError.cannotList(path, reason: Self.reason(output.stderr, path: "'\(path)'")) }
        return output.stdout.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    public func account(named name: String) throws -> UserAccount? {
        let output = try runChecked(["getent", "passwd", name])
        guard output.exitStatus == 0 else { return nil }
        let fields = String(decoding: output.stdout, as: UTF8.self).split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count >= 6, let uid = UInt32(fields[2]), let gid = UInt32(fields[3]) else { return nil }
        return UserAccount(name: name, uid: uid, gid: gid, home: String(fields[5]))
    }

    public func run(_ argv: [String], environment: [String: String]?) throws -> CommandOutput {
        guard let name = argv.first, !name.isEmpty else { throw HostAccessError.emptyCommand }
        // A command the caller switched to another user with sudo (psql as
        // postgres) gets the password on its input, as the file accesses do.
        var argv = argv
        var input: [UInt8]?
        if answersSudo(argv) {
            argv.insert(contentsOf: Self.sudoReadsPassword, at: 1)
            input = withSudoPassword(nil)
        }
        let output = try connection.run(RemoteCommandLine.line(argv, environment: environment), input: input)
        // The remote shell's "not found" (127) reads as locally.
        if output.exitStatus == 127, output.stderr.contains("not found") { throw HostAccessError.commandNotFound(name) }
        return output
    }

    public func openSession(_ argv: [String], environment: [String: String]?) throws -> any HostSession {
        guard let name = argv.first, !name.isEmpty else { throw HostAccessError.emptyCommand }
        try connection.ensureMaster()
        var argv = argv
        var input: [UInt8]?
        if answersSudo(argv) {
            argv.insert(contentsOf: Self.sudoReadsPassword, at: 1)
            input = withSudoPassword(nil)
        }
        let session = try PipeSession(argv: connection.sessionArgv(RemoteCommandLine.line(argv, environment: environment)), environment: nil)
        // sudo -S takes its line first; the program gets the rest.
        if let input { try session.send(input) }
        return session
    }

    public func writeFileSafely(_ write: SafeWrite, at date: Date) throws -> SafeWriteReceipt {
        try RemoteSafeWrite(host: self).write(write, at: date)
    }

    public func startCommand(_ argv: [String], environment: [String: String], size: PtyProcess.Size) throws -> any LiveProcess {
        try connection.ensureMaster()
        var argv = argv
        if answersSudo(argv) {
            argv.insert(contentsOf: ["-p", Self.sudoPrompt], at: 1)
        }
        let line = RemoteCommandLine.line(argv, environment: environment)
        // Only what ssh itself needs; the command's environment goes across
        // inside the line, through env -i.
        var local = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                     "TERM": environment["TERM"] ?? "xterm"]
        if let home = ProcessInfo.processInfo.environment["HOME"] { local["HOME"] = home }
        return SshLiveProcess(try PtyProcess(argv: connection.terminalArgv(line), environment: local, size: size),
                              sudoAnswer: sudoPassword.map { PromptRule(.text(Self.sudoPrompt), response: $0, times: 1000) })
    }

    /// Each read fetches only the slice past what was read, with the
    /// file's size to notice a log that was truncated or replaced.
    public func followLog(_ path: String, fromStart: Bool) -> any LogFollower {
        let host = self
        return ReadingLogFollower(path: path, fromStart: fromStart, size: (try? fileInfo(path))??.size) { offset, want in
            // A little more than asked, to finish the last line.
            guard let output = try? host.runChecked(["sh", "-c", Self.sliceScript, "sh", path, String(offset + 1), String(want + 65536)]),
                  output.exitStatus == 0, let newline = output.stdout.firstIndex(of: 0x0A),
                  let size = UInt64(String(decoding: output.stdout[..<newline], as: UTF8.self)) else { return nil }
            return (size, output.stdout[(newline + 1)...])
        }
    }

    // $1 path, $2 first byte (1-based), $3 how many.
    static let sliceScript = #"stat -L -c %s -- "$1" || exit 1; tail -c +"$2" -- "$1" | head -c "$3""#
}

/// A command line for the remote shell: the environment the wizard chose
/// (never the remote login's own, as on this machine), then the program.
enum RemoteCommandLine {
    /// From /: ssh starts in the login's home, which the postgres account
    /// a command switches to cannot enter ("could not change directory").
    static func line(_ argv: [String], environment: [String: String]?) -> String {
        guard let environment else { return "cd / && exec " + ShellQuote.line(argv) }
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return "cd / && exec " + ShellQuote.line(["env", "-i"] + assignments + argv)
    }
}

/// `stat -c '%u %g %f %s %Y %y'`: owner, group, raw mode in hex, size,
/// modification seconds, and the readable time whose fraction gives the
/// nanoseconds (GNU stat's %.9Y is newer than some servers' coreutils).
enum RemoteStat {
    static func parse(_ text: String) -> FileInfo? {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        // owner group mode size seconds date time zone
        guard fields.count >= 8, let owner = UInt32(fields[0]), let group = UInt32(fields[1]),
              let mode = UInt32(fields[2], radix: 16), let size = Int64(fields[3]), let seconds = Int64(fields[4]) else { return nil }
        var nanoseconds: Int64 = 0
        let time = fields[6]
        if let dot = time.firstIndex(of: ".") {
            let digits = String(time[time.index(after: dot)...].prefix(9))
            nanoseconds = Int64(digits.padding(toLength: 9, withPad: "0", startingAt: 0)) ?? 0
        }
        let type = mode & 0o170000
        return FileInfo(owner: owner, group: group, permissions: mode & 0o7777, size: size,
                        isDirectory: type == 0o040000, isRegularFile: type == 0o100000,
                        modifiedSeconds: seconds, modifiedNanoseconds: nanoseconds)
    }
}
