/// What kind of value a variable holds; decides its validation and input.
public enum VariableKind: String, Sendable, Equatable {
    /// IPv4, IPv6 or host name of a database host.
    case hostAddress
    case port
    /// A PostgreSQL role name usable unquoted in SQL, pg_hba.conf and conninfo.
    case roleName
    /// Masked, typed twice, never shown again after entry.
    case password
    case absolutePath
    case majorVersion
    /// A Debian cluster name (main) or, for the data-directory layout, the
    /// absolute path of the data directory.
    case cluster
    /// One word out of the spec's `choices`.
    case choice
    /// `local`, or how ssh reaches the host (`root@db1`, `ssh://admin@db1:2222`).
    case sshDestination
}

/// One variable the operator answers. Names are the source procedure's
/// ($PRIMARY_PG_IP ...) plus what the modern procedure needs.
public struct VariableSpec: Sendable, Equatable {
    public var name: String
    public var label: String
    public var kind: VariableKind
    public var help: String
    public var defaultValue: String?
    /// The host the value describes, when it describes one.
    public var host: HostRole?
    /// The accepted words of a `.choice`.
    public var choices: [String]

    public init(name: String, label: String, kind: VariableKind, help: String,
                defaultValue: String? = nil, host: HostRole? = nil, choices: [String] = []) {
        self.name = name
        self.label = label
        self.kind = kind
        self.help = help
        self.defaultValue = defaultValue
        self.host = host
        self.choices = choices
    }

    public var isSecret: Bool { kind == .password }
}

public enum VariableCatalog {
    /// Every variable a form can ask for, in the order a full form shows them.
    public static let inputs: [VariableSpec] = [
        VariableSpec(name: "PRIMARY_PG_IP", label: "Primary address", kind: .hostAddress,
                     help: "IP address or host name of the host that runs the primary database. The standby connects to it.",
                     host: .primary),
        VariableSpec(name: "PRIMARY_PG_PORT", label: "Primary port", kind: .port,
                     help: "TCP port the primary listens on.", defaultValue: "5432", host: .primary),
        VariableSpec(name: "PRIMARY_PG_VERSION", label: "Primary version", kind: .majorVersion,
                     help: "PostgreSQL major version on the primary (9.5, 9.6, 10 ... 18).", host: .primary),
        VariableSpec(name: "PRIMARY_PG_CLUSTER", label: "Primary cluster", kind: .cluster,
                     help: "Debian cluster name (such as main), or the absolute path of the data directory when the configuration lives inside it.",
                     defaultValue: "main", host: .primary),
        VariableSpec(name: "PRIMARY_SSH", label: "Primary via ssh", kind: .sshDestination,
                     help: "local when the wizard runs on the primary itself; otherwise how ssh reaches it, such as root@db1 or ssh://admin@db1:2222. Your ~/.ssh/config, agent and known_hosts apply.",
                     defaultValue: SshDestination.localWord, host: .primary),
        VariableSpec(name: "SECONDARY_PG_IP", label: "Secondary address", kind: .hostAddress,
                     help: "IP address or host name of the host that will run the standby. The primary's pg_hba.conf admits it.",
                     host: .secondary),
        VariableSpec(name: "SECONDARY_PG_PORT", label: "Secondary port", kind: .port,
                     help: "TCP port the standby will listen on.", defaultValue: "5432", host: .secondary),
        VariableSpec(name: "SECONDARY_PG_VERSION", label: "Secondary version", kind: .majorVersion,
                     help: "PostgreSQL major version on the secondary. It must equal the primary's: a standby replays the primary's files byte for byte.",
                     host: .secondary),
        VariableSpec(name: "SECONDARY_PG_CLUSTER", label: "Secondary cluster", kind: .cluster,
                     help: "Debian cluster name (such as main), or the absolute path of the data directory when the configuration lives inside it.",
                     defaultValue: "main", host: .secondary),
        VariableSpec(name: "SECONDARY_SSH", label: "Standby via ssh", kind: .sshDestination,
                     help: "local when the wizard runs on the standby's host; otherwise how ssh reaches it, such as root@db2. The address above stays the one PostgreSQL uses.",
                     defaultValue: SshDestination.localWord, host: .secondary),
        VariableSpec(name: "REP_USER", label: "Replication role", kind: .roleName,
                     help: "The database role the standby logs in as. It gets the REPLICATION attribute and nothing else.",
                     defaultValue: "replicator"),
        VariableSpec(name: "REP_USER_PW", label: "Role password", kind: .password,
                     help: "Password of the replication role. Typed twice, masked, and never shown or logged afterwards."),
        VariableSpec(name: "REP_ARCHIVE", label: "WAL archive dir", kind: .absolutePath,
                     help: "Directory on the primary where finished WAL files are copied. It must be an absolute path; spaces are allowed.",
                     defaultValue: "/var/lib/postgresql/wal-archive"),
        VariableSpec(name: "WAL_RETENTION", label: "Keep WAL by", kind: .choice,
                     help: "slot: the primary keeps what this standby still needs (capped from 13 on). keep: a fixed reserve of recent WAL. archive: the standby also reads the archive, which must be reachable from it at the same path.",
                     defaultValue: "keep", choices: ["slot", "keep", "archive"]),
        VariableSpec(name: "BASEBACKUP_CHECKPOINT", label: "Copy checkpoint", kind: .choice,
                     help: "Either way the primary starts a checkpoint at once. fast: it writes it at full speed and the copy starts now, at the cost of a burst of writes there. spread: it paces the writes as for a regular one, over checkpoint_completion_target of checkpoint_timeout (minutes by default), and the copy waits at \"waiting for checkpoint\" meanwhile.",
                     defaultValue: "fast", choices: ["fast", "spread"]),
        // Not on any form: programs outside the packaging's place are rare
        // enough that an answers file says so.
        VariableSpec(name: "PRIMARY_PG_BINDIR", label: "Primary programs", kind: .absolutePath,
                     help: "The directory of the primary's PostgreSQL programs (pg_ctl, psql ...), when they are not in /usr/lib/postgresql/VERSION/bin (Debian) or /usr/pgsql-VERSION/bin (PGDG): a build of your own, or a second major unpacked beside the packaged one.",
                     host: .primary),
        VariableSpec(name: "SECONDARY_PG_BINDIR", label: "Standby programs", kind: .absolutePath,
                     help: "The directory of the standby's PostgreSQL programs (pg_basebackup, pg_ctl ...), when they are not where the packaging puts them. They must be the primary's major.",
                     host: .secondary),
        // Not on any form: the screen asks for it by typing, when it is needed.
        VariableSpec(name: StandbyDirectoryGuard.confirmationKey, label: "Set aside anyway", kind: .cluster,
                     help: "The standby's cluster answer again, for unattended runs: lets its data directory be stopped and set aside even though it is in production (a primary, or a promoted standby).",
                     host: .secondary),
    ]

    /// Answers an answers file may give that no form asks: the screen asks
    /// for them in other ways, when needed.
    public static let answersOnly: Set<String> = [StandbyDirectoryGuard.confirmationKey, "PRIMARY_PG_BINDIR", "SECONDARY_PG_BINDIR"]

    public static func spec(named name: String) -> VariableSpec? {
        inputs.first { $0.name == name }
    }
}
