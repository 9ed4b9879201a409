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
    ]

    /// The derived values the answers allow; a name whose inputs are missing
    /// or invalid is absent, never guessed.
    public static func values(from answers: Answers) -> [String: String] {
        // CONTRACT STUB: replaced by the real implementation (see brief).
        [:]
    }
}
