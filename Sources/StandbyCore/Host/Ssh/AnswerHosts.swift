import Foundation

/// The hosts as the answers name them: a role with `PRIMARY_SSH` or
/// `SECONDARY_SSH` set is reached over ssh, any other is this machine (or,
/// with `--role`, out of reach). The one resolver the front ends use.
public final class AnswerHosts: HostResolver, @unchecked Sendable {
    public let localFacts: HostFacts
    public let only: HostRole?
    private let pool: SshPool
    private let lock = NSLock()
    private var destinations: [HostRole: SshDestination] = [:]

    /// `sshOptions` go to every ssh call; operators rely on ~/.ssh/config.
    public convenience init(answers: [String: String] = [:], facts: HostFacts = .detect(), only: HostRole? = nil,
                            sshOptions: [String] = []) {
        self.init(pool: SshPool(sshOptions: sshOptions), facts: facts, only: only, answers: answers)
    }

    private init(pool: SshPool, facts: HostFacts, only: HostRole?, answers: [String: String]) {
        self.pool = pool
        localFacts = facts
        self.only = only
        update(answers: answers)
    }

    public static func answerKey(for role: HostRole) -> String { "\(role.answerPrefix)_SSH" }

    /// Follows the answers (a host form changed); connections to hosts no
    /// longer named stay open until `close`.
    public func update(answers: [String: String]) {
        lock.withLock { destinations = Self.destinations(in: answers) }
    }

    /// The hosts of answers still being typed, sharing these connections:
    /// a form's survey reads them without changing what the steps use.
    public func following(_ answers: [String: String]) -> AnswerHosts {
        AnswerHosts(pool: pool, facts: localFacts, only: only, answers: answers)
    }

    static func destinations(in answers: [String: String]) -> [HostRole: SshDestination] {
        var found: [HostRole: SshDestination] = [:]
        for role in [HostRole.primary, .secondary] {
            if let destination = SshDestination.from(answer: answers[answerKey(for: role)]) { found[role] = destination }
        }
        return found
    }

    public func destination(for role: HostRole) -> SshDestination? { lock.withLock { destinations[role] } }

    public var usesSsh: Bool { lock.withLock { !destinations.isEmpty } }

    public func host(for role: HostRole) -> any HostAccess {
        if let destination = destination(for: role) {
            let connection = pool.connection(destination)
            return SshHost(role: role, connection: connection, facts: pool.facts(of: destination),
                           sudoPassword: pool.sudoPassword(for: destination))
        }
        if let only, role != only, role != .local { return ElsewhereHost(role: role, here: only) }
        return LocalHost(role: role)
    }

    public func facts(for role: HostRole) -> HostFacts {
        guard let destination = destination(for: role) else { return localFacts }
        return pool.facts(of: destination)
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
            try pool.probe(destination)
        }
    }

    /// Why the role's host could not be reached the last time it was
    /// tried; nil when it was, or when it is this machine.
    public func problem(for role: HostRole) -> String? {
        destination(for: role).flatMap(pool.problem(of:))
    }

    /// Hosts whose ssh user is not root and whose sudo asks for a password
    /// the operator has not given yet.
    public var hostsAwaitingSudoPassword: [SshDestination] { pool.awaitingSudoPassword }

    /// Tries `password` with sudo on that host and keeps it, in memory
    /// only, when sudo takes it. It reaches sudo on its standard input,
    /// never in argv.
    public func giveSudoPassword(_ password: String, for destination: SshDestination) throws -> Bool {
        try pool.giveSudoPassword(password, for: destination)
    }

    /// Closes the shared connections and removes their directory.
    public func close() { pool.close() }
}

/// The ssh connections of one wizard, with what each host said about
/// itself; shared by a resolver and the surveys that follow a form.
final class SshPool: @unchecked Sendable {
    private let lock = NSLock()
    private let sshOptions: [String]
    private var connections: [SshDestination: SshConnection] = [:]
    private var remoteFacts: [SshDestination: HostFacts] = [:]
    private var lastProbe: [SshDestination: Date] = [:]
    private var probeProblems: [SshDestination: String] = [:]
    private var sudoAsks: Set<SshDestination> = []
    /// Typed once by the operator, kept in memory only.
    private var sudoPasswords: [SshDestination: String] = [:]
    private var controlDirectory: String?

    init(sshOptions: [String]) { self.sshOptions = sshOptions }

    func connection(_ destination: SshDestination) -> SshConnection {
        lock.withLock {
            if let open = connections[destination] { return open }
            if controlDirectory == nil { controlDirectory = try? SshControlDirectory.make() }
            let made = SshConnection(destination: destination, controlDirectory: controlDirectory ?? "/tmp",
                                     extraOptions: sshOptions)
            connections[destination] = made
            return made
        }
    }

    func probe(_ destination: SshDestination) throws {
        do {
            let found = try RemoteFacts.probe(connection(destination))
            lock.withLock {
                remoteFacts[destination] = found.facts
                probeProblems[destination] = nil
                if found.sudoAsks { sudoAsks.insert(destination) } else { sudoAsks.remove(destination) }
            }
        } catch {
            lock.withLock { probeProblems[destination] = "\(error)" }
            throw error
        }
    }

    /// Facts are read once; a host that did not answer is asked again at
    /// most every few seconds, and meanwhile its accesses fail with ssh's
    /// own reason.
    func facts(of destination: SshDestination) -> HostFacts {
        let known = lock.withLock { () -> HostFacts?? in
            if let known = remoteFacts[destination] { return known }
            if let last = lastProbe[destination], Date().timeIntervalSince(last) < 5 { return .some(nil) }
            lastProbe[destination] = Date()
            return nil
        }
        if let known { return known ?? Self.unknown }
        try? probe(destination)
        return lock.withLock { remoteFacts[destination] } ?? Self.unknown
    }

    func problem(of destination: SshDestination) -> String? {
        _ = facts(of: destination)
        return lock.withLock { remoteFacts[destination] == nil ? probeProblems[destination] : nil }
    }

    func sudoPassword(for destination: SshDestination) -> String? { lock.withLock { sudoPasswords[destination] } }

    var awaitingSudoPassword: [SshDestination] {
        lock.withLock { sudoAsks.filter { sudoPasswords[$0] == nil }.sorted { $0.text < $1.text } }
    }

    func giveSudoPassword(_ password: String, for destination: SshDestination) throws -> Bool {
        let output = try connection(destination).run(ShellQuote.line(["sudo", "-k", "-S", "-p", "", "true"]),
                                                     input: Array((password + "\n").utf8))
        guard output.exitStatus == 0 else { return false }
        lock.withLock { sudoPasswords[destination] = password }
        return true
    }

    func close() {
        let (open, directory) = lock.withLock { () -> ([SshConnection], String?) in
            defer { connections = [:]; controlDirectory = nil }
            return (Array(connections.values), controlDirectory)
        }
        open.forEach { $0.close() }
        if let directory { SshControlDirectory.remove(directory) }
    }

    static let unknown = HostFacts(isRoot: false, userName: "?", reachedOverSsh: true)
}
