import Foundation

/// What a finished command left behind.
public struct CommandOutput: Sendable, Equatable {
    public var exitStatus: Int32
    public var stdout: String
    public var stderr: String

    public init(exitStatus: Int32, stdout: String, stderr: String) {
        self.exitStatus = exitStatus
        self.stdout = stdout
        self.stderr = stderr
    }

    public var succeeded: Bool { exitStatus == 0 }
}

/// One machine the wizard looks at or acts on. Commands are argument
/// vectors, never shell text, so an answer with quotes or spaces cannot
/// change what runs.
public protocol HostAccess: Sendable {
    var role: HostRole { get }
    func readFile(_ path: String) throws -> String
    func fileExists(_ path: String) -> Bool
    /// `environment` nil inherits the wizard's environment; a dictionary
    /// replaces it entirely.
    func run(_ argv: [String], environment: [String: String]?) throws -> CommandOutput
    /// The file's exact bytes: configuration edits must write back every
    /// byte they did not mean to change.
    func readFileBytes(_ path: String) throws -> [UInt8]
    /// nil when nothing is at `path`; symbolic links are followed.
    func fileInfo(_ path: String) throws -> FileInfo?
    /// Names in a directory, without `.` and `..`.
    func listDirectory(_ path: String) throws -> [String]
    /// The OS account `name`, nil when there is none.
    func account(named name: String) throws -> UserAccount?
    /// Replaces, creates or removes a file so that it is never left half
    /// written, after a backup, and only if it still holds
    /// `write.expected` (see `SafeFileWriter`). `date` names the backup.
    func writeFileSafely(_ write: SafeWrite, at date: Date) throws -> SafeWriteReceipt
    /// A command on a terminal of its own, with live output (LiveProcess).
    func startCommand(_ argv: [String], environment: [String: String], size: PtyProcess.Size) throws -> any LiveProcess
    /// A 0600 libpq password file for one command run as `owner`.
    func makePasswordFile(line: String, owner: RunAs, facts: HostFacts) throws -> any TemporaryPasswordFile
    /// A program kept running with its input open (`HostSession`).
    func openSession(_ argv: [String], environment: [String: String]?) throws -> any HostSession
    /// Reads what a log gains from now on (or from its start).
    func followLog(_ path: String, fromStart: Bool) -> any LogFollower
}

public enum HostAccessError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyCommand
    case commandNotFound(String)
    case cannotStart(String, reason: String)
    case cannotRead(String)
    case cannotList(String, reason: String)
    case unreadable(String, reason: String)

    public var description: String {
        switch self {
        case .emptyCommand: "no command given"
        case .commandNotFound(let name): "command not found: \(name)"
        case .cannotStart(let name, let reason): "cannot start \(name): \(reason)"
        case .cannotRead(let path): "cannot read \(path)"
        case .cannotList(let path, let reason): "cannot list \(path): \(reason)"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        }
    }
}
