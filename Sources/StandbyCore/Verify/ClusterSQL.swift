import Foundation

/// Runs SQL on one of the two clusters as the postgres OS user over the
/// local socket, the way an operator would with `sudo -u postgres psql`.
public struct ClusterSQL: Sendable {
    public var port: String
    public var socketDirectory: String?
    public var host: any HostAccess
    public var isRoot: Bool
    /// A host over ssh whose user is not root becomes postgres with sudo.
    public var viaSudo = false
    /// The cluster's own psql where it is there: the same major as the
    /// server, and not Debian's pg_wrapper on PATH, a Perl program that
    /// took most of each query's time (the verification runs about 30).
    public var psql = "psql"
    /// server_version_num, asked once: several checks of one pass need it,
    /// and each psql costs a process and a connection.
    private let version = VersionAnswer()
    /// One psql for the queries of a pass that it can carry.
    private let session = PsqlSessionSlot()

    /// From the answers for `role`: its port, and the socket directory its
    /// configuration names (the lab's data-directory clusters keep theirs
    /// beside the data).
    public init(role: HostRole, values: [String: String], host: any HostAccess, isRoot: Bool) {
        port = HostAnswers(role, values: values).port ?? "5432"
        socketDirectory = SocketDirectory.of(role, values: values, host: host)
        self.host = host
        self.isRoot = isRoot
        if let bin = HostAnswers(role, values: values).binDirectory, host.fileExists(bin + "/psql") { psql = bin + "/psql" }
    }

    /// The cluster of `role` on the host the resolver gives for it.
    public init(role: HostRole, values: [String: String], hosts: any HostResolver) {
        let facts = hosts.facts(for: role)
        self.init(role: role, values: values, host: hosts.host(for: role), isRoot: facts.isRoot)
        viaSudo = !facts.isRoot && facts.reachedOverSsh && facts.sudoPath != nil
    }

    /// How psql becomes the postgres OS user here, if it must.
    var becomePostgres: [String] {
        if isRoot { return ["runuser", "-u", "postgres", "--"] }
        return viaSudo ? ["sudo", "-u", "postgres", "--"] : []
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    @discardableResult
    public func query(_ sql: String, database: String = "postgres") throws -> String {
        // The session's connection names itself, so that a server's
        // pg_stat_activity and log say whose it is.
        if database == "postgres",
           let answer = session.answer(sql, argv: connecting(to: "dbname=postgres application_name=standby-wizard"), host: host) {
            return answer
        }
        let argv = connecting(to: database) + ["-v", "ON_ERROR_STOP=1", "-c", sql]
        let result = try host.run(argv, environment: nil)
        guard result.succeeded else {
            throw Failure(description: ErrorText.oneLine(result.stderr))
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// psql as the role postgres, whoever runs it (the non-root lab maps
    /// its owner to it in pg_ident.conf, as the wizard's steps expect):
    /// tuples only, unaligned, `|` between columns.
    private func connecting(to database: String) -> [String] {
        var argv = [psql, "-X", "-q", "-A", "-t", "-p", port, "-U", "postgres", "-d", database]
        if let socketDirectory, !socketDirectory.isEmpty { argv += ["-h", socketDirectory] }
        return becomePostgres + argv
    }

    /// `SHOW server_version_num`, read once for this value's lifetime (a
    /// check pass): a server's major does not change while it runs.
    public func serverVersionNum() throws -> String {
        if let known = version.answer { return known }
        let answer = try query("SHOW server_version_num")
        version.answer = answer
        return answer
    }

    /// A command of the replication protocol (IDENTIFY_SYSTEM) sent from
    /// this cluster's host to the server `conninfo` names, as the server's
    /// OS user, so libpq finds the password where the standby's own WAL
    /// receiver does (~/.pgpass); -w: never a prompt, which would hang.
    public func replicationCommand(_ command: String, conninfo: String) throws -> String {
        var argv = [psql, "-X", "-q", "-A", "-t", "-w", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", command]
        argv = becomePostgres + argv
        let result = try host.run(argv, environment: nil)
        guard result.succeeded else {
            throw Failure(description: result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Shared by the copies of one ClusterSQL.
private final class VersionAnswer: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?

    var answer: String? {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
