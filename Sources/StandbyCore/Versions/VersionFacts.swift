/// How a standby learns that it is a standby and where its primary is.
public enum RecoveryConfigForm: String, Sendable, Equatable, CaseIterable {
    /// A recovery.conf file in the data directory with standby_mode = 'on'.
    case recoveryConf = "recovery.conf"
    /// An empty standby.signal file; the settings are ordinary parameters.
    case standbySignal = "standby.signal"
}

/// What it takes for a changed setting to come into force.
public enum SettingActivation: String, Sendable, Equatable {
    case restart
    case reload
}

/// Everything the wizard needs to know about one PostgreSQL major version.
/// Screens and derived variables read this table instead of comparing
/// version numbers themselves, so a boundary is written down exactly once.
public struct VersionFacts: Sendable, Equatable {
    public let major: PostgresMajor
    /// The wal_level to set for a hot standby. 9.5 spells it `hot_standby`;
    /// later versions still accept that spelling as an alias of `replica`.
    public let walLevel: String
    public let walLevelDefault: String
    public let maxWalSendersDefault: Int
    /// On the standby: before 10 the read-only queries stay off unless asked.
    public let hotStandbyDefault: Bool
    public let recoveryConfig: RecoveryConfigForm
    /// The long option that makes pg_basebackup stream WAL while copying.
    public let basebackupWalFlag: String
    /// The parameter that keeps finished WAL around for a lagging standby.
    /// The old name is fatal in postgresql.conf from 13 on.
    public let walKeepSetting: String
    public let hasMaxSlotWalKeepSize: Bool
    public let passwordEncryptionDefault: String
    public let primaryConninfoChange: SettingActivation
    /// WAL directory inside the data directory.
    public let walDirectory: String
    /// log_directory's default, used once logging_collector is on.
    public let collectorLogDirectory: String
    /// libpq understands passfile= inside a connection string.
    public let conninfoPassfile: Bool
    /// pg_basebackup -S/--slot.
    public let basebackupSlot: Bool
    /// pg_basebackup -C/--create-slot (needs -S).
    public let basebackupCreateSlot: Bool
    /// The file-trigger promotion parameter, nil once it was removed (16+):
    /// `trigger_file` lives in recovery.conf, `promote_trigger_file` is a GUC.
    public let promoteTriggerSetting: String?
    /// The pg_hba_file_rules view, which shows hba errors before a reload.
    public let hasHbaFileRules: Bool
    /// pg_create_physical_replication_slot(name, true) holds WAL from the
    /// moment it runs; before 9.6 a slot holds WAL only once used.
    public let slotReservesOnCreation: Bool

    /// The pg_hba.conf method that matches how passwords are stored by
    /// default: `md5` while the default hashing is md5, `scram-sha-256`
    /// once it is SCRAM (a SCRAM line refuses md5-stored passwords).
    public var hbaAuthMethod: String {
        passwordEncryptionDefault == "scram-sha-256" ? "scram-sha-256" : "md5"
    }

    public static func facts(for major: PostgresMajor) -> VersionFacts? {
        table.first { $0.major == major }
    }

    /// One row per supported major, oldest first.
    public static let table: [VersionFacts] = [
        row("9.5", walLevel: "hot_standby", walLevelDefault: "minimal", maxWalSenders: 0, hotStandby: false,
            recovery: .recoveryConf, walFlag: "--xlog-method=stream", walKeep: "wal_keep_segments",
            slotKeepSize: false, passwordEncryption: "md5", conninfoChange: .restart, walDir: "pg_xlog",
            logDir: "pg_log", passfile: false, slot: false, createSlot: false, trigger: "trigger_file",
            hbaRules: false, slotReserves: false),
        row("9.6", walLevel: "replica", walLevelDefault: "minimal", maxWalSenders: 0, hotStandby: false,
            recovery: .recoveryConf, walFlag: "--xlog-method=stream", walKeep: "wal_keep_segments",
            slotKeepSize: false, passwordEncryption: "md5", conninfoChange: .restart, walDir: "pg_xlog",
            logDir: "pg_log", passfile: false, slot: true, createSlot: false, trigger: "trigger_file",
            hbaRules: false),
        row("10", walLevel: "replica", walLevelDefault: "replica", maxWalSenders: 10, hotStandby: true,
            recovery: .recoveryConf, walFlag: "--wal-method=stream", walKeep: "wal_keep_segments",
            slotKeepSize: false, passwordEncryption: "md5", conninfoChange: .restart, walDir: "pg_wal",
            logDir: "log", passfile: true, slot: true, createSlot: false, trigger: "trigger_file",
            hbaRules: true),
        row("11", walLevel: "replica", walLevelDefault: "replica", maxWalSenders: 10, hotStandby: true,
            recovery: .recoveryConf, walFlag: "--wal-method=stream", walKeep: "wal_keep_segments",
            slotKeepSize: false, passwordEncryption: "md5", conninfoChange: .restart, walDir: "pg_wal",
            logDir: "log", passfile: true, slot: true, createSlot: true, trigger: "trigger_file",
            hbaRules: true),
        row("12", walLevel: "replica", walLevelDefault: "replica", maxWalSenders: 10, hotStandby: true,
            recovery: .standbySignal, walFlag: "--wal-method=stream", walKeep: "wal_keep_segments",
            slotKeepSize: false, passwordEncryption: "md5", conninfoChange: .restart, walDir: "pg_wal",
            logDir: "log", passfile: true, slot: true, createSlot: true, trigger: "promote_trigger_file",
            hbaRules: true),
        row("13", walLevel: "replica", walLevelDefault: "replica", maxWalSenders: 10, hotStandby: true,
            recovery: .standbySignal, walFlag: "--wal-method=stream", walKeep: "wal_keep_size",
            slotKeepSize: true, passwordEncryption: "md5", conninfoChange: .reload, walDir: "pg_wal",
            logDir: "log", passfile: true, slot: true, createSlot: true, trigger: "promote_trigger_file",
            hbaRules: true),
        row("14", walLevel: "replica", walLevelDefault: "replica", maxWalSenders: 10, hotStandby: true,
            recovery: .standbySignal, walFlag: "--wal-method=stream", walKeep: "wal_keep_size",
            slotKeepSize: true, passwordEncryption: "scram-sha-256", conninfoChange: .reload, walDir: "pg_wal",
            logDir: "log", passfile: true, slot: true, createSlot: true, trigger: "promote_trigger_file",
            hbaRules: true),
        row("15", walLevel: "replica", walLevelDefault: "replica", maxWalSenders: 10, hotStandby: true,
            recovery: .standbySignal, walFlag: "--wal-method=stream", walKeep: "wal_keep_size",
            slotKeepSize: true, passwordEncryption: "scram-sha-256", conninfoChange: .reload, walDir: "pg_wal",
            logDir: "log", passfile: true, slot: true, createSlot: true, trigger: "promote_trigger_file",
            hbaRules: true),
        row("16", walLevel: "replica", walLevelDefault: "replica", maxWalSenders: 10, hotStandby: true,
            recovery: .standbySignal, walFlag: "--wal-method=stream", walKeep: "wal_keep_size",
            slotKeepSize: true, passwordEncryption: "scram-sha-256", conninfoChange: .reload, walDir: "pg_wal",
            logDir: "log", passfile: true, slot: true, createSlot: true, trigger: nil,
            hbaRules: true),
        row("17", walLevel: "replica", walLevelDefault: "replica", maxWalSenders: 10, hotStandby: true,
            recovery: .standbySignal, walFlag: "--wal-method=stream", walKeep: "wal_keep_size",
            slotKeepSize: true, passwordEncryption: "scram-sha-256", conninfoChange: .reload, walDir: "pg_wal",
            logDir: "log", passfile: true, slot: true, createSlot: true, trigger: nil,
            hbaRules: true),
        row("18", walLevel: "replica", walLevelDefault: "replica", maxWalSenders: 10, hotStandby: true,
            recovery: .standbySignal, walFlag: "--wal-method=stream", walKeep: "wal_keep_size",
            slotKeepSize: true, passwordEncryption: "scram-sha-256", conninfoChange: .reload, walDir: "pg_wal",
            logDir: "log", passfile: true, slot: true, createSlot: true, trigger: nil,
            hbaRules: true),
    ]

    // Rows are written with the version as text so the table reads like the
    // reference table it was taken from; a typo there traps at first use.
    private static func row(_ version: String, walLevel: String, walLevelDefault: String, maxWalSenders: Int,
                            hotStandby: Bool, recovery: RecoveryConfigForm, walFlag: String, walKeep: String,
                            slotKeepSize: Bool, passwordEncryption: String, conninfoChange: SettingActivation,
                            walDir: String, logDir: String, passfile: Bool, slot: Bool, createSlot: Bool,
                            trigger: String?, hbaRules: Bool, slotReserves: Bool = true) -> VersionFacts {
        guard let major = PostgresMajor(version) else { preconditionFailure("bad version in table: \(version)") }
        return VersionFacts(major: major, walLevel: walLevel, walLevelDefault: walLevelDefault,
                            maxWalSendersDefault: maxWalSenders, hotStandbyDefault: hotStandby,
                            recoveryConfig: recovery, basebackupWalFlag: walFlag, walKeepSetting: walKeep,
                            hasMaxSlotWalKeepSize: slotKeepSize, passwordEncryptionDefault: passwordEncryption,
                            primaryConninfoChange: conninfoChange, walDirectory: walDir,
                            collectorLogDirectory: logDir, conninfoPassfile: passfile, basebackupSlot: slot,
                            basebackupCreateSlot: createSlot, promoteTriggerSetting: trigger,
                            hasHbaFileRules: hbaRules, slotReservesOnCreation: slotReserves)
    }
}
