/// The directory of a cluster's local socket when its configuration names
/// one (the lab's data-directory clusters keep theirs beside the data);
/// nil means the client's built-in default.
public enum SocketDirectory {
    public static func of(_ role: HostRole, values: [String: String], host: any HostAccess = LocalHost()) -> String? {
        let prefix = role == .secondary ? "SECONDARY" : "PRIMARY"
        let confDir = values["\(prefix)_PG_CONF_DIR"] ?? ""
        let dataDir = values["\(prefix)_PG_DATA"] ?? ""
        let texts = [confDir + "/postgresql.conf", dataDir + "/postgresql.auto.conf"].compactMap { try? host.readFile($0) }
        let first = ConfigText.value(of: "unix_socket_directories", in: texts)?
            .split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
        return first?.isEmpty == false ? first : nil
    }

    /// PGHOST for commands run on `role`'s cluster, so createuser and psql
    /// find a socket outside the default directory.
    public static func environment(_ role: HostRole, values: [String: String]) -> [String: String] {
        of(role, values: values).map { ["PGHOST": $0] } ?? [:]
    }
}

extension CommandBuilder {
    /// The builder for commands on `role`'s cluster: the default
    /// environment plus that cluster's socket directory.
    public static func forHost(_ role: HostRole, values: [String: String], facts: HostFacts,
                               serviceOverride: ServiceMethod?) -> CommandBuilder {
        let environment = defaultEnvironment().merging(SocketDirectory.environment(role, values: values)) { $1 }
        return CommandBuilder(facts: facts, environment: environment, serviceOverride: serviceOverride)
    }
}
