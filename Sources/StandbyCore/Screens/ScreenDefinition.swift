/// A place in a screens/ file, for error messages that point at FILE:LINE.
public struct SourceLocation: Hashable, Codable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// One step of the procedure, as loaded from one YAML file in screens/.
public struct ScreenDefinition: Sendable, Equatable {
    public var id: String
    public var title: String
    public var host: HostRole
    /// Explanation in the project's words; may contain `$VARIABLE`.
    public var text: String
    /// Longer help shown on F1 / `?`; may be empty.
    public var help: String
    public var condition: ScreenCondition
    public var action: StepAction
    public var location: SourceLocation

    public init(id: String, title: String, host: HostRole, text: String, help: String = "",
                condition: ScreenCondition = .always, action: StepAction,
                location: SourceLocation) {
        self.id = id
        self.title = title
        self.host = host
        self.text = text
        self.help = help
        self.condition = condition
        self.action = action
        self.location = location
    }
}

/// The one thing a step does. Later issues execute command, edit, gate and
/// verify; the loader and validator know all of them already.
public enum StepAction: Sendable, Equatable {
    case info
    case form(FormAction)
    case command(CommandAction)
    case edit(EditAction)
    case gate(GateAction)
    case verify(VerifyAction)

    public var kindName: String {
        switch self {
        case .info: "info"
        case .form: "form"
        case .command: "command"
        case .edit: "edit"
        case .gate: "gate"
        case .verify: "verify"
        }
    }

    public static let kindNames = ["info", "form", "command", "edit", "gate", "verify"]
}

public struct FormAction: Sendable, Equatable {
    /// Variable names from `VariableCatalog`, in display order.
    public var fields: [String]
    public init(fields: [String]) { self.fields = fields }
}

/// The OS user a command runs as on its host.
public enum RunAs: String, Sendable, Equatable, CaseIterable {
    case postgres
    case root
    /// Whoever runs the wizard, without changing user.
    case `operator`
}

/// Service control is named, not spelled: whether it becomes systemctl,
/// pg_ctlcluster or pg_ctl is decided on the host at run time.
public enum ServiceOperation: String, Sendable, Equatable, CaseIterable {
    case start, stop, restart, reload
}

public enum CommandSpec: Sendable, Equatable {
    /// A command line with `$VARIABLE` references, run by /bin/sh.
    case shell(String)
    /// start / stop / restart / reload of the step's host's cluster.
    case service(ServiceOperation)
}

public struct CommandAction: Sendable, Equatable {
    public var spec: CommandSpec
    public var runAs: RunAs
    /// Destructive steps get a confirmation that defaults to No.
    public var destructive: Bool
    /// What the wizard makes sure of, on the host, before the command may run.
    public var guardedBy: CommandGuard?
    /// How long the command may run before the wizard stops it and says
    /// so; nil: as long as it takes (a copy of a big database).
    public var timeoutSeconds: Int?
    public init(spec: CommandSpec, runAs: RunAs = .root, destructive: Bool = false, guardedBy: CommandGuard? = nil,
                timeoutSeconds: Int? = nil) {
        self.spec = spec
        self.runAs = runAs
        self.destructive = destructive
        self.guardedBy = guardedBy
        self.timeoutSeconds = timeoutSeconds
    }
}

/// A check the wizard makes itself before a command, through the host seam:
/// one that cannot be taken back, or one the procedure runs only when what
/// it makes is not there yet. The step's YAML names it with `guard:`.
public enum CommandGuard: String, Sendable, Equatable, CaseIterable {
    /// The data directory about to be stopped or set aside is positively
    /// the standby's: not the primary's own, not a primary's in production
    /// unless the operator typed the cluster's name.
    case standbyDataDirectory = "standby-data-directory"
    /// The copy's target is absent or empty: pg_basebackup writes nowhere
    /// else. A copy cut off earlier is set aside first, never deleted.
    case emptyCopyTarget = "empty-copy-target"
    /// The replication role is not on the primary yet; one found is left.
    case replicationRoleAbsent = "replication-role-absent"
    /// The standby's server is not installed yet; one found is used.
    case standbyServerAbsent = "standby-server-absent"
}

/// The configuration files the procedure edits, named by what they are; the
/// path on disk depends on the version and layout.
public enum ConfigFileKind: String, Sendable, Equatable, CaseIterable {
    case postgresqlConf = "postgresql.conf"
    case pgHbaConf = "pg_hba.conf"
    /// recovery.conf up to 11, standby.signal plus settings from 12 on.
    case recoverySettings = "recovery"
}

public struct ConfigSetting: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// One pg_hba.conf line to ensure, with `$VARIABLE` references.
public struct HbaRuleTemplate: Sendable, Equatable {
    public var type: String
    public var database: String
    public var user: String
    public var address: String
    public var method: String
    public init(type: String, database: String, user: String, address: String, method: String) {
        self.type = type
        self.database = database
        self.user = user
        self.address = address
        self.method = method
    }
}

public struct EditAction: Sendable, Equatable {
    public var file: ConfigFileKind
    /// In file order of the YAML, for postgresql.conf and recovery settings.
    public var settings: [ConfigSetting]
    public var hbaRules: [HbaRuleTemplate]
    public init(file: ConfigFileKind, settings: [ConfigSetting] = [], hbaRules: [HbaRuleTemplate] = []) {
        self.file = file
        self.settings = settings
        self.hbaRules = hbaRules
    }
}

/// Log lines whose appearance lets a gate pass.
public enum GateSignal: String, Sendable, Equatable, CaseIterable {
    case acceptingConnections = "accepting-connections"
    case standbyMode = "standby-mode"
    case streaming = "streaming"
    case readOnlyConnections = "read-only-connections"
}

public struct GateAction: Sendable, Equatable {
    public var expect: [GateSignal]
    public var timeoutSeconds: Int
    public init(expect: [GateSignal], timeoutSeconds: Int = 60) {
        self.expect = expect
        self.timeoutSeconds = timeoutSeconds
    }
}

public enum VerifyCheck: String, Sendable, Equatable, CaseIterable {
    case inRecovery = "in-recovery"
    case replicationStreaming = "streaming"
    case writeTest = "write-test"
    case sourceQuery = "source-query"
    case archiving = "archiving"
    /// The standby's own WAL receiver streams: checkable on the standby
    /// alone, for the standby's part of a one-host walkthrough.
    case receiving = "receiving"
    /// The standby's lag behind the primary in bytes and (10 on) time, and
    /// the WAL the primary keeps for it.
    case lag = "lag"
    // Preflight: before anything changes, what would make a later step fail.
    /// Both hosts run the answered major, on the same architecture.
    case sameMajor = "same-major"
    /// wal_level and free WAL senders suffice, or the walkthrough's edits
    /// make them.
    case walSenders = "wal-senders"
    /// The standby's max_connections and the like are at least the primary's.
    case standbySettings = "standby-settings"
    /// Room on the standby for a copy of the primary.
    case freeSpace = "free-space"
    /// Every tablespace location the copy writes is absent or empty there.
    case tablespaces = "tablespaces"
    /// The server's account can write into the WAL archive.
    case archiveWritable = "archive-writable"
    /// Nothing but the standby's own old server holds its port.
    case standbyPort = "standby-port"

    /// A check made before the walkthrough changes anything.
    public var isPreflight: Bool {
        switch self {
        case .sameMajor, .walSenders, .standbySettings, .freeSpace, .tablespaces, .archiveWritable, .standbyPort: true
        default: false
        }
    }

    /// Starts only once every check before it has ended: the source query
    /// compares the rows the write test wrote. The others only read, or
    /// write what no other check reads, and may run beside each other.
    public var waitsForEarlierChecks: Bool { self == .sourceQuery }
}

public struct VerifyAction: Sendable, Equatable {
    public var checks: [VerifyCheck]
    public init(checks: [VerifyCheck]) { self.checks = checks }
}
