/// The one place that decides which machine a role is and how it is
/// reached. Every step's command, file read, write and log read goes
/// through the `HostAccess` it gives; nothing else makes a host.
public protocol HostResolver: Sendable {
    func host(for role: HostRole) -> any HostAccess
    /// What that host offers for switching users and controlling servers.
    func facts(for role: HostRole) -> HostFacts
    /// True when both roles are the same machine: then one data directory
    /// path names one directory.
    func sameMachine(_ one: HostRole, _ other: HostRole) -> Bool
}

/// The database hosts are the machine the wizard runs on: both in the lab;
/// with `--role`, only that one (the procedure done on each host in turn),
/// and the other is out of reach: nothing of it is read here by mistake.
public struct ThisMachine: HostResolver {
    public let localFacts: HostFacts
    /// The one database host this machine is; nil: both.
    public let only: HostRole?

    public init(facts: HostFacts = .detect(), only: HostRole? = nil) {
        localFacts = facts
        self.only = only
    }

    public func host(for role: HostRole) -> any HostAccess {
        if let only, role != only, role != .local { return ElsewhereHost(role: role, here: only) }
        return LocalHost(role: role)
    }

    public func facts(for role: HostRole) -> HostFacts { localFacts }
    public func sameMachine(_ one: HostRole, _ other: HostRole) -> Bool { only == nil }
}
