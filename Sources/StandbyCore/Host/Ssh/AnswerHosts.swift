import Foundation

/// The hosts as the answers name them: a role with `PRIMARY_SSH` or
/// `SECONDARY_SSH` set is reached over ssh, any other is this machine (or,
/// with `--role`, out of reach). The one resolver the front ends use.
public final class AnswerHosts: HostResolver, @unchecked Sendable {
    public let localFacts: HostFacts
    public let only: HostRole?
    private let lock = NSLock()
    private var destinations: [HostRole: SshDestination] = [:]
    private var connections: [SshDestination: SshConnection] = [:]
    private var remoteFacts: [SshDestination: HostFacts] = [:]
    private var lastProbe: [SshDestination: Date] = [:]
    private var probeProblems: [SshDestination: String] = [:]
    private var sudoAsks: Set<SshDestination> = []
    /// Typed once by the operator, kept in memory only.
    private var sudoPasswords: [SshDestination: String] = [:]
    private var controlDirectory: String?
    private let sshOptions: [String]

    /// `sshOptions` go to every ssh call (tests pass `-F` with a config of
    /// their own); operators rely on ~/.ssh/config instead.
    public init(answers: [String: String] = [:], facts: HostFacts = .detect(), only: HostRole? = nil,
                sshOptions: [String] = ProcessInfo.processInfo.environment["STANDBY_WIZARD_SSH_CONFIG"].map { ["-F", $0] } ?? []) {
        localFacts = facts
        self.only = only
        self.sshOptions = sshOptions
        update(answers: answers)
    }

    public static func answerKey(for role: HostRole) -> String { "\(role.answerPrefix)_SSH" }

    /// Follows the answers (a host form changed); connections to hosts no
    /// longer named stay open until `close`.
    public func update(answers: [String: String]) {
        lock.withLock {
            destinations = [:]
            for role in [HostRole.primary, .secondary] {
                if let destination = SshDestination.from(answer: answers[Self.answerKey(for: role)]) {
                    destinations[role] = destination
                }
            }
        }
    }

    public func destination(for role: HostRole) -> SshDestination? { lock.withLock { destinations[role] } }

    public var usesSsh: Bool { lock.withLock { !destinations.isEmpty } }

    public func host(for role: HostRole) -> any HostAccess {
        if let destination = destination(for: role) {
            let connection = self.connection(destination)
            let facts = facts(of: destination, connection: connection)
            return SshHost(role: role, connection: connection, facts: facts,
                           sudoPassword: lock.withLock { sudoPasswords[destination] })
        }
        if let only, role != only, role != .local { return ElsewhereHost(role: role, here: only) }
        return LocalHost(role: role)
    }

    public func facts(for role: HostRole) -> HostFacts {
        guard let destination = destination(for: role) else { return localFacts }
        return facts(of: destination, connection: connection(destination))
    }

    public func sameMachine(_ one: HostRole, _ other: HostRole) -> Bool {
        let (a, b) = lock.withLock { (destinations[one], destinations[other]) }
        if a != nil || b != nil { return a == b }
        return only == nil
    }

    /// Opens every named host's connection and reads its facts: a host
    /// that cannot be reached is said at once, before any step.
    public func connect() throws {
        for role in [HostRole.primary, .secondary] {
            guard let destination = destination(for: role) else { continue }
            let found = try RemoteFacts.probe(connection(destination))
            lock.withLock { remember(found, for: destination) }
        }
    }

    /// Closes the shared connections and removes their directory.
    public func close() {
        let (open, directory) = lock.withLock { () -> ([SshConnection], String?) in
            defer { connections = [:]; controlDirectory = nil }
            return (Array(connections.values), controlDirectory)
        }
        open.forEach { $0.close() }
        if let directory { SshControlDirectory.remove(directory) }
    }

    private func connection(_ destination: SshDestination) -> SshConnection {
        lock.withLock {
            if let open = connections[destination] { return open }
            if controlDirectory == nil { controlDirectory = try? SshControlDirectory.make() }
            let made = SshConnection(destination: destination, controlDirectory: controlDirectory ?? "/tmp",
                                     extraOptions: sshOptions)
            connections[destination] = made
            return made
        }
    }

    /// Facts are read once; a host that did not answer is asked again at
    /// most every few seconds, and meanwhile its accesses fail with ssh's
    /// own reason.
    private func facts(of destination: SshDestination, connection: SshConnection) -> HostFacts {
        let cached = lock.withLock { () -> HostFacts? in
            if let known = remoteFacts[destination] { return known }
            if let last = lastProbe[destination], Date().timeIntervalSince(last) < 5 { return Self.unknown }
            lastProbe[destination] = Date()
            return nil
        }
        if let cached { return cached }
        do {
            let found = try RemoteFacts.probe(connection)
            lock.withLock { remember(found, for: destination) }
            return found.facts
        } catch {
            lock.withLock { probeProblems[destination] = "\(error)" }
            return Self.unknown
        }
    }

    /// Why the role's host could not be reached the last time it was
    /// tried; nil when it was, or when it is this machine.
    public func problem(for role: HostRole) -> String? {
        guard let destination = destination(for: role) else { return nil }
        _ = facts(for: role)
        return lock.withLock { remoteFacts[destination] == nil ? probeProblems[destination] : nil }
    }

    private func remember(_ found: RemoteFacts.Found, for destination: SshDestination) {
        remoteFacts[destination] = found.facts
        probeProblems[destination] = nil
        if found.sudoAsks { sudoAsks.insert(destination) } else { sudoAsks.remove(destination) }
    }

    /// Hosts whose ssh user is not root and whose sudo asks for a password
    /// the operator has not given yet.
    public var hostsAwaitingSudoPassword: [SshDestination] {
        lock.withLock { sudoAsks.filter { sudoPasswords[$0] == nil }.sorted { $0.text < $1.text } }
    }

    /// Tries `password` with sudo on that host and keeps it, in memory
    /// only, when sudo takes it. It reaches sudo on its standard input,
    /// never in argv.
    public func giveSudoPassword(_ password: String, for destination: SshDestination) throws -> Bool {
        let output = try connection(destination).run(ShellQuote.line(["sudo", "-k", "-S", "-p", "", "true"]),
                                                     input: Array((password + "\n").utf8))
        guard output.exitStatus == 0 else { return false }
        lock.withLock { sudoPasswords[destination] = password }
        return true
    }

    static let unknown = HostFacts(isRoot: false, userName: "?", reachedOverSsh: true)
}
