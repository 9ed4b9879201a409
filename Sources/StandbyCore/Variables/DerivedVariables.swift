/// Values screens use that follow from the answers and the version table,
/// so that no screen spells a version-specific name itself.
public enum DerivedVariables {
    /// Every name `values(from:)` can produce. check-screens accepts these
    /// (and the inputs of `VariableCatalog`) as defined.
    public static let names: [String] = [
        "WAL_LEVEL", "MAX_WAL_SENDERS", "BASEBACKUP_WAL_FLAG", "RECOVERY_CONFIG",
        "HBA_AUTH_METHOD", "WAL_KEEP_SETTING", "SECONDARY_HBA_ADDRESS", "ARCHIVE_COMMAND",
        "PRIMARY_PG_DATA", "PRIMARY_PG_CONF_DIR", "PRIMARY_PG_LOG", "PRIMARY_PG_BINDIR",
        "SECONDARY_PG_DATA", "SECONDARY_PG_CONF_DIR", "SECONDARY_PG_LOG", "SECONDARY_PG_BINDIR",
        "REPLICATION_SLOT", "RESTORE_COMMAND", "ARCHIVE_CLEANUP_COMMAND", "CREATE_SLOT_SQL",
    ]

    /// Values that follow from the machine, not the answers (LabUser).
    public static let hostNames: [String] = ["SERVER_OS_USER"]

    /// The derived values the answers allow; a name whose inputs are missing
    /// or invalid is absent, never guessed.
    public static func values(from answers: Answers) -> [String: String] {
        var values: [String: String] = [:]
        // Both hosts run the same major (the validator insists), so the
        // primary's answer decides every version-dependent setting.
        if let facts = validAnswer("PRIMARY_PG_VERSION", in: answers)
            .flatMap(PostgresMajor.init).flatMap(VersionFacts.facts(for:)) {
            values["WAL_LEVEL"] = facts.walLevel
            values["MAX_WAL_SENDERS"] = String(recommendedMaxWalSenders(facts))
            values["BASEBACKUP_WAL_FLAG"] = facts.basebackupWalFlag
            values["RECOVERY_CONFIG"] = facts.recoveryConfig.rawValue
            values["HBA_AUTH_METHOD"] = facts.hbaAuthMethod
            values["WAL_KEEP_SETTING"] = facts.walKeepSetting
        }
        if let text = validAnswer("SECONDARY_PG_IP", in: answers),
           case .success(let address) = HostAddress.parse(text) {
            values["SECONDARY_HBA_ADDRESS"] = address.hbaAddress
            let slot = slotName(forStandbyAt: text)
            values["REPLICATION_SLOT"] = slot
            if let facts = validAnswer("PRIMARY_PG_VERSION", in: answers).flatMap(PostgresMajor.init).flatMap(VersionFacts.facts(for:)) {
                values["CREATE_SLOT_SQL"] = "SELECT pg_create_physical_replication_slot('\(slot)'\(facts.slotReservesOnCreation ? ", true" : ""))"
            }
        }
        if let directory = validAnswer("REP_ARCHIVE", in: answers) {
            values["ARCHIVE_COMMAND"] = ArchiveCommand.copyingInto(directory: directory)
        }
        for prefix in ["PRIMARY", "SECONDARY"] {
            guard let version = validAnswer("\(prefix)_PG_VERSION", in: answers).flatMap(PostgresMajor.init),
                  let cluster = validAnswer("\(prefix)_PG_CLUSTER", in: answers),
                  let paths = ClusterPaths(version: version, cluster: cluster) else { continue }
            // A data directory read on the host (HostSurvey) wins over the
            // layout's usual place.
            values["\(prefix)_PG_DATA"] = answers["\(prefix)_PG_DATA"] ?? paths.dataDirectory
            values["\(prefix)_PG_CONF_DIR"] = paths.configDirectory
            values["\(prefix)_PG_LOG"] = paths.log
            values["\(prefix)_PG_BINDIR"] = answers["\(prefix)_PG_BINDIR"] ?? paths.binDirectory
        }
        if let directory = validAnswer("REP_ARCHIVE", in: answers) {
            values["RESTORE_COMMAND"] = ArchiveCommand.restoringFrom(directory: directory)
            if let binDirectory = values["SECONDARY_PG_BINDIR"] {
                values["ARCHIVE_CLEANUP_COMMAND"] = ArchiveCommand.cleanup(directory: directory, binDirectory: binDirectory)
            }
        }
        return values
    }

    /// Everything a screen may substitute: the answers, what follows from
    /// them, and who runs the servers on this machine (without facts, as
    /// on a server: postgres).
    public static func templateValues(_ answers: Answers, mode: WizardMode, facts: HostFacts?) -> [String: String] {
        answers.values.merging(DerivedVariables.values(from: answers)) { $1 }
            .merging(LabUser.values(mode: mode, facts: facts)) { $1 }
    }

    /// One slot per standby, named after its address so a second standby
    /// gets its own: lower-case letters, digits and _ are all a slot name
    /// may hold (at most 63 bytes).
    static func slotName(forStandbyAt address: String) -> String {
        let body = address.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? String($0) : "_" }.joined()
        return String(("standby_" + body).prefix(63))
    }

    /// The 9.5 recipe's 3 is below the default from 10 on, and a standby
    /// set lower than its primary refuses to replay (12+). Ten on every
    /// version matches the modern default and leaves room for a second
    /// standby plus a pg_basebackup (which takes two senders).
    static func recommendedMaxWalSenders(_ facts: VersionFacts) -> Int {
        max(10, facts.maxWalSendersDefault)
    }

    private static func validAnswer(_ name: String, in answers: Answers) -> String? {
        guard let value = answers[name],
              VariableValidator.check(name, value: value, answers: answers) == .valid else { return nil }
        return value
    }
}
