/// One database host as the answers describe it: where it is, which major
/// it runs and which cluster, and the paths that follow. The answers keep
/// the procedure's variable names (PRIMARY_PG_IP ...); code asks this.
public struct HostAnswers: Sendable, Equatable {
    /// The answers' names for one host's values, without the host prefix.
    public enum Field: String, Sendable, CaseIterable {
        case address = "IP", port = "PORT", version = "VERSION", cluster = "CLUSTER"
        case dataDirectory = "DATA", configDirectory = "CONF_DIR", log = "LOG", binDirectory = "BINDIR"
    }

    public let role: HostRole
    public var address: String?
    public var port: String?
    public var versionText: String?
    public var cluster: String?
    /// Taken from `values` when derived values are there, else from the
    /// answers themselves.
    public var dataDirectory: String?
    public var configDirectory: String?
    /// The answers' own, when the programs are not where the layout keeps them.
    public var binDirectory: String?

    /// `values` may be plain answers or template values (answers plus
    /// derived ones); the local "host" reads as the primary's answers.
    public init(_ role: HostRole, values: [String: String]) {
        self.role = role
        func value(_ field: Field) -> String? { values[Self.key(field, of: role)] }
        address = value(.address)
        port = value(.port)
        versionText = value(.version)
        cluster = value(.cluster)
        let paths = version.flatMap { major in cluster.flatMap { ClusterPaths(version: major, cluster: $0) } }
        dataDirectory = value(.dataDirectory) ?? paths?.dataDirectory
        configDirectory = value(.configDirectory) ?? paths?.configDirectory
        binDirectory = value(.binDirectory) ?? paths?.binDirectory
    }

    public init(_ role: HostRole, answers: Answers) {
        self.init(role, values: answers.values)
    }

    public var version: PostgresMajor? { versionText.flatMap(PostgresMajor.init) }
    public var portNumber: Int? { port.flatMap { Int($0) } }
    public var layout: DataLayout? { cluster.flatMap(DataLayout.inferred(fromCluster:)) }

    /// "15/main" for a Debian cluster, "15 in /srv/pg" for a data directory.
    public var clusterLabel: String {
        let version = versionText ?? "?"
        let cluster = cluster ?? "?"
        return cluster.hasPrefix("/") ? "\(version) in \(cluster)" : "\(version)/\(cluster)"
    }

    /// The variable name of `field` for `role`, e.g. SECONDARY_PG_PORT.
    public static func key(_ field: Field, of role: HostRole) -> String {
        "\(role.answerPrefix)_PG_\(field.rawValue)"
    }

    /// Where the cluster's configuration is read: postgresql.auto.conf
    /// last, because it wins.
    public var configFiles: [String] {
        guard let configDirectory, let dataDirectory else { return [] }
        return [configDirectory + "/postgresql.conf", dataDirectory + "/postgresql.auto.conf"]
    }
}

extension HostRole {
    /// The prefix of this host's answers. Steps on this machine (checks,
    /// the lab) read the primary's.
    public var answerPrefix: String { self == .secondary ? "SECONDARY" : "PRIMARY" }
}
