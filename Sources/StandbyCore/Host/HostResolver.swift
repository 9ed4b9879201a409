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

/// Both database hosts are the machine the wizard runs on: the lab, and
/// `--role` walkthroughs run on each host in turn.
public struct ThisMachine: HostResolver {
    public let localFacts: HostFacts

    public init(facts: HostFacts = .detect()) {
        localFacts = facts
    }

    public func host(for role: HostRole) -> any HostAccess { LocalHost(role: role) }
    public func facts(for role: HostRole) -> HostFacts { localFacts }
    public func sameMachine(_ one: HostRole, _ other: HostRole) -> Bool { true }
}
