/// The directory of a cluster's local socket when its configuration names
/// one (the lab's data-directory clusters keep theirs beside the data);
/// nil means the client's built-in default.
public enum SocketDirectory {
    public static func of(_ role: HostRole, values: [String: String], host: any HostAccess) -> String? {
        let texts = HostAnswers(role, values: values).configFiles.compactMap { try? host.readFile($0) }
        let first = ConfigText.value(of: "unix_socket_directories", in: texts)?
            .split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
        return first?.isEmpty == false ? first : nil
    }

    /// PGHOST for commands run on `role`'s cluster, so createuser and psql
    /// find a socket outside the default directory.
    public static func environment(_ role: HostRole, values: [String: String], host: any HostAccess) -> [String: String] {
        of(role, values: values, host: host).map { ["PGHOST": $0] } ?? [:]
    }
}

extension CommandBuilder {
    /// The builder for commands on `role`'s cluster: the default
    /// environment plus that cluster's socket directory, read on its host.
    public static func forHost(_ role: HostRole, values: [String: String], hosts: any HostResolver,
                               serviceOverride: ServiceMethod?) -> CommandBuilder {
        let environment = defaultEnvironment().merging(SocketDirectory.environment(role, values: values, host: hosts.host(for: role))) { $1 }
        return CommandBuilder(facts: hosts.facts(for: role), environment: environment, serviceOverride: serviceOverride)
    }
}
