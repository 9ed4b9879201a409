/// Where one host's cluster keeps the files a step edits, from the answers:
/// postgresql.conf and pg_hba.conf in the configuration directory (under
/// /etc on Debian, the data directory elsewhere); recovery.conf,
/// standby.signal and postgresql.auto.conf always in the data directory.
struct ClusterFiles {
    let role: HostRole
    let version: PostgresMajor
    let facts: VersionFacts
    let layout: DataLayout
    let configDirectory: String
    let dataDirectory: String

    init(role: HostRole, answers: Answers) throws {
        let prefix: String
        switch role {
        case .primary: prefix = "PRIMARY"
        case .secondary: prefix = "SECONDARY"
        case .local: throw EditPlanError.noClusterAnswers(role)
        }
        func valid(_ name: String) -> String? {
            guard let value = answers["\(prefix)_\(name)"],
                  VariableValidator.check("\(prefix)_\(name)", value: value, answers: answers) == .valid else { return nil }
            return value
        }
        guard let version = valid("PG_VERSION").flatMap(PostgresMajor.init),
              let facts = VersionFacts.facts(for: version),
              let cluster = valid("PG_CLUSTER"),
              let paths = ClusterPaths(version: version, cluster: cluster) else {
            throw EditPlanError.noClusterAnswers(role)
        }
        self.role = role
        self.version = version
        self.facts = facts
        layout = paths.layout
        configDirectory = paths.configDirectory
        dataDirectory = answers["\(prefix)_PG_DATA"] ?? paths.dataDirectory
    }

    var postgresqlConf: String { ConfPath.join(configDirectory, "postgresql.conf") }
    var defaultHbaFile: String { ConfPath.join(configDirectory, "pg_hba.conf") }

    /// Home of the postgres account when the host cannot say: the
    /// packaging's convention.
    var defaultPostgresHome: String { layout == .debian ? "/var/lib/postgresql" : "/var/lib/pgsql" }
}
