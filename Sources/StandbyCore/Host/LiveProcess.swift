import Foundation

/// A command started on a host with a terminal of its own, read and
/// written without blocking by the caller's loop. On this machine it is a
/// `PtyProcess`; a test's scripted host plays one back.
public protocol LiveProcess: AnyObject, Sendable {
    /// What arrived, for at most `budget` seconds; possibly nothing.
    func read(budget: TimeInterval, limit: Int) -> [UInt8]
    func write(_ bytes: [UInt8])
    func resize(_ size: PtyProcess.Size)
    /// SIGINT now, escalating while `pollExit` is called.
    func cancel(grace: TimeInterval)
    var isCancelling: Bool { get }
    @discardableResult func pollExit(now: Date) -> PtyProcess.Exit?
    var exit: PtyProcess.Exit? { get }
    var outputEnded: Bool { get }
    /// The last read stopped at its budget with output still coming.
    var lastReadFilled: Bool { get }
}

public extension LiveProcess {
    /// A process that cannot tell is read at the loop's usual pace.
    var lastReadFilled: Bool { false }
}

extension PtyProcess: LiveProcess {}

/// A libpq password file that lives while one command runs, on the host
/// that runs it.
public protocol TemporaryPasswordFile: Sendable {
    var path: String { get }
    func remove()
}

public struct HostCannotDo: Error, Sendable, CustomStringConvertible {
    public var what: String
    public var role: HostRole
    public var description: String { "the \(role.badge.lowercased()) host cannot \(what) here" }
}

extension HostAccess {
    /// Hosts that only hold files (tests' in-memory hosts) run nothing.
    public func startCommand(_ argv: [String], environment: [String: String], size: PtyProcess.Size) throws -> any LiveProcess {
        throw HostCannotDo(what: "start \(argv.first ?? "a command")", role: role)
    }

    public func makePasswordFile(line: String, owner: RunAs, facts: HostFacts) throws -> any TemporaryPasswordFile {
        throw HostCannotDo(what: "hold a password file", role: role)
    }

    /// Follows a log through the host's reads; hosts with a faster way
    /// (this machine: pread on an open descriptor) give their own.
    public func followLog(_ path: String, fromStart: Bool) -> any LogFollower {
        ReadingLogFollower(path: path, fromStart: fromStart, host: self)
    }
}
