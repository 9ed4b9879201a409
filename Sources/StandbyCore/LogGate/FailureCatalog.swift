/// The step an explanation sends the operator back to. Step ids are those
/// of screens/; where versions use different steps for the same thing
/// (recovery.conf up to 11, standby.signal later) the first that applies
/// to the walkthrough is meant.
public struct BackTo: Sendable, Equatable {
    public var primary: [String]
    public var secondary: [String]

    public init(primary: [String], secondary: [String]) {
        self.primary = primary
        self.secondary = secondary
    }

    public static func both(_ steps: String...) -> BackTo { BackTo(primary: steps, secondary: steps) }

    public func steps(on host: HostRole) -> [String] {
        host == .secondary ? secondary : primary
    }
}

/// A failure the wizard recognises in a server log.
public struct KnownFailure: Sendable, Equatable {
    public var id: String
    public var pattern: MessagePattern
    /// What happened and what to do, in plain words.
    public var explanation: String
    public var backTo: BackTo
}

/// Every failure a log gate recognises, in one table. The first entry that
/// matches wins, so specific wordings come before general ones: the
/// standby's "could not connect to the primary server" line carries the
/// primary's reason (hba, password) in its text.
///
/// The phrases are parts of the message that every version from 9.5 to 18
/// writes the same way, or one phrase per wording where a version changed
/// it: from 17 the server puts setting names in double quotes
/// (`exceeds "max_wal_senders"`), so a phrase stops before such a name.
/// Tests/StandbyCoreTests/Fixtures/server-messages holds each version's
/// text, from the sources of its release.
public enum FailureCatalog {
    private static let anyProblem: Set<LogSeverity> = [.log, .warning, .error, .fatal, .panic]
    private static let recoverySteps = ["secondary-standby-signal", "secondary-recovery-conf"]
    private static let standbyConfigSteps = ["secondary-hot-standby"] + recoverySteps

    public static let entries: [KnownFailure] = [
        KnownFailure(
            id: "hba-replication",
            pattern: MessagePattern(anyOf: ["no pg_hba.conf entry for replication connection from host"], severities: anyProblem),
            explanation: "The primary refused the standby: no line in its pg_hba.conf admits a replication connection from this address and user. Add or correct the replication rule and reload the primary.",
            backTo: .both("primary-hba")),
        KnownFailure(
            id: "hba-rejects",
            pattern: MessagePattern(anyOf: ["pg_hba.conf rejects replication connection for host"], severities: anyProblem),
            explanation: "The primary refused the standby on purpose: the first pg_hba.conf line that matches its replication connection (address and user) has the method reject. Put the standby's replication rule above that line, or narrow the reject line, and reload the primary.",
            backTo: .both("primary-hba")),
        KnownFailure(
            id: "password-missing",
            pattern: MessagePattern(anyOf: ["fe_sendauth: no password supplied"], severities: anyProblem),
            explanation: "The primary asked for a password and the standby had none to give: its passfile is missing, unreadable by the server's OS user, has group or other access (libpq then ignores it), or has no line for this host, port and user. Check the passfile that primary_conninfo names and its line.",
            backTo: BackTo(primary: ["primary-role"], secondary: ["replication-account"] + recoverySteps)),
        KnownFailure(
            id: "slot-missing",
            pattern: MessagePattern(anyOf: ["replication slot \""], allOf: ["\" does not exist"], severities: anyProblem),
            explanation: "The standby asks to stream through a replication slot the primary does not have (never created, dropped, or misspelled in primary_slot_name). Create it on the primary with pg_create_physical_replication_slot, or correct primary_slot_name.",
            backTo: BackTo(primary: ["primary-slot"], secondary: ["secondary-slot"] + recoverySteps)),
        KnownFailure(
            id: "password-failed",
            pattern: MessagePattern(anyOf: ["password authentication failed for user"], severities: anyProblem),
            explanation: "The primary rejected the replication user's password. The password given in the replication form (written to the standby's passfile) differs from the role's, or the role's password is stored with a hashing the pg_hba method does not accept.",
            backTo: BackTo(primary: ["primary-role"], secondary: ["replication-account"] + recoverySteps)),
        KnownFailure(
            id: "no-replication-attribute",
            pattern: MessagePattern(anyOf: ["must be superuser or replication role to start walsender",
                                            "permission denied to start WAL sender"], severities: anyProblem),
            explanation: "The role the standby connects as may not replicate: it lacks the REPLICATION attribute. Create it with --replication, or ALTER ROLE ... REPLICATION.",
            backTo: .both("primary-role")),
        KnownFailure(
            id: "role-connection-limit",
            pattern: MessagePattern(anyOf: ["too many connections for role"], severities: anyProblem),
            explanation: "The replication role reached its connection limit (the recipe creates it with -c 5). Close stray connections, or raise the limit with ALTER ROLE ... CONNECTION LIMIT.",
            backTo: .both("primary-role")),
        KnownFailure(
            id: "max-wal-senders",
            pattern: MessagePattern(anyOf: ["number of requested standby connections exceeds"], severities: anyProblem),
            explanation: "The primary has no free WAL sender slot: raise max_wal_senders there and restart it (a streaming copy takes two). If postgresql.conf already says more, a start option overrides it: look for -c max_wal_senders in pg_ctl.conf (Debian), the service unit or postmaster.opts.",
            backTo: .both("primary-settings")),
        KnownFailure(
            id: "wal-level-minimal",
            pattern: MessagePattern(anyOf: ["WAL archival cannot be enabled when",
                                            "WAL streaming (max_wal_senders > 0) requires",
                                            "WAL streaming (\"max_wal_senders\" > 0) requires",
                                            "WAL level not sufficient for making an online backup"], severities: anyProblem),
            explanation: "The primary runs with wal_level = minimal, too little for archiving or a standby. If postgresql.conf says replica, a start option overrides it (often left from a bulk load): look for -c wal_level in pg_ctl.conf (Debian), the service unit or postmaster.opts, remove it and restart.",
            backTo: .both("primary-settings")),
        KnownFailure(
            id: "standby-wal-level",
            pattern: MessagePattern(anyOf: ["hot standby is not possible because wal_level was not set to",
                                            "WAL was generated with wal_level=minimal",
                                            "WAL was generated with \"wal_level=minimal\""], severities: anyProblem),
            explanation: "The standby refuses the copied data: the primary wrote its WAL with a wal_level too low for a hot standby (minimal; on 9.5 also archive, which is below hot_standby there). Set wal_level on the primary to replica (hot_standby on 9.5), restart it, and copy the primary again: the copy's control data keeps the old level.",
            backTo: BackTo(primary: ["primary-settings"], secondary: ["primary-settings", "secondary-stop"])),
        KnownFailure(
            id: "wal-removed",
            pattern: MessagePattern(anyOf: ["has already been removed"], severities: anyProblem),
            explanation: "The standby needs WAL the primary has already recycled, so it can never catch up by streaming. Keep more WAL (wal_keep_size or wal_keep_segments, or a slot) and copy the primary again.",
            backTo: BackTo(primary: ["primary-wal-keep-size", "primary-wal-keep-segments"], secondary: ["secondary-stop"])),
        KnownFailure(
            id: "system-identifier",
            pattern: MessagePattern(anyOf: ["database system identifier differs between the primary and standby"], severities: anyProblem),
            explanation: "The standby's data directory was not copied from this primary (another initdb, or another server). Set it aside and copy the primary again with pg_basebackup.",
            backTo: .both("secondary-stop")),
        KnownFailure(
            id: "incompatible-files",
            pattern: MessagePattern(anyOf: ["database files are incompatible with server"], severities: anyProblem),
            explanation: "The copied data files do not suit this server build: another major version, or another CPU architecture or build option (alignment, block size). The DETAIL line names which; install the primary's major version on a host of the primary's architecture and copy again.",
            backTo: .both("secondary-software")),
        KnownFailure(
            id: "primary-unreachable",
            pattern: MessagePattern(anyOf: ["could not connect to the primary server"], severities: anyProblem),
            explanation: "The standby cannot reach the primary. The rest of the line names why: \"Connection refused\" means nothing listens on that address and port (listen_addresses, port, firewall); a timeout means the network drops the packets. Check the address and port in primary_conninfo.",
            backTo: BackTo(primary: ["primary-settings"], secondary: recoverySteps)),
        KnownFailure(
            id: "port-in-use",
            pattern: MessagePattern(anyOf: ["Address already in use"], severities: anyProblem),
            explanation: "Another program (often another PostgreSQL cluster) already listens on this port. Stop it or give this cluster another port.",
            backTo: BackTo(primary: ["primary-host"], secondary: ["secondary-host"])),
        KnownFailure(
            id: "cannot-bind",
            pattern: MessagePattern(anyOf: ["Cannot assign requested address"], severities: anyProblem),
            explanation: "The server cannot listen on an address in listen_addresses: the address does not belong to this machine. Use '*' or one of its own addresses.",
            backTo: BackTo(primary: ["primary-settings"], secondary: ["secondary-hot-standby"])),
        KnownFailure(
            id: "unknown-parameter",
            pattern: MessagePattern(anyOf: ["unrecognized configuration parameter"], severities: anyProblem),
            explanation: "The configuration names a parameter this server version does not know, often one from an older recipe (wal_keep_segments became wal_keep_size in 13). Check the version you gave and remove or rename the line.",
            backTo: BackTo(primary: ["primary-settings", "primary-wal-keep-size", "primary-wal-keep-segments"], secondary: standbyConfigSteps)),
        KnownFailure(
            id: "invalid-value",
            pattern: MessagePattern(anyOf: ["invalid value for parameter"], severities: anyProblem),
            explanation: "A setting has a value the server rejects; the HINT line lists the values it accepts. Correct the line the log names.",
            backTo: BackTo(primary: ["primary-settings"], secondary: standbyConfigSteps)),
        KnownFailure(
            id: "config-syntax",
            pattern: MessagePattern(anyOf: ["syntax error in file"], severities: anyProblem),
            explanation: "A configuration line cannot be read, usually unbalanced quotes (archive_command needs its inner quotes doubled). The log names the file and line.",
            backTo: BackTo(primary: ["primary-settings"], secondary: standbyConfigSteps)),
        KnownFailure(
            id: "config-errors",
            pattern: MessagePattern(anyOf: ["contains errors"], severities: anyProblem),
            explanation: "The server refused its configuration file. The lines just above name the setting at fault.",
            backTo: BackTo(primary: ["primary-settings"], secondary: standbyConfigSteps)),
        KnownFailure(
            id: "archive-failed",
            pattern: MessagePattern(anyOf: ["archive command failed", "archiving write-ahead log file",
                                            "archiving transaction log file"], severities: anyProblem),
            explanation: "archive_command fails, so WAL piles up on the primary until its disk is full. The command's own error is usually the line just before (a missing or unwritable archive directory, or a file already archived).",
            backTo: BackTo(primary: ["primary-archive-dir", "primary-settings"], secondary: ["primary-archive-dir"])),
        KnownFailure(
            id: "archive-library-set",
            pattern: MessagePattern(anyOf: ["both archive_command and archive_library set",
                                            "both \"archive_command\" and \"archive_library\" set"], severities: anyProblem),
            explanation: "From 16 the server refuses to archive while both archive_command and archive_library are set (on 15 archive_library silently wins). Remove archive_library (or set it to '') if the archive is to use the wizard's archive_command, and reload.",
            backTo: .both("primary-settings")),
        KnownFailure(
            id: "recovery-conf-unsupported",
            pattern: MessagePattern(anyOf: ["using recovery command file"], allOf: ["is not supported"], severities: anyProblem),
            explanation: "This server is version 12 or later and refuses to start while a recovery.conf is in its data directory. On a primary it is a leftover (an old restore, or the days it was a standby): move it out of the data directory and start again. On a standby use standby.signal and put the settings in postgresql.conf; check the version you gave.",
            // A primary has no step that wrote the file: it is put right by hand.
            backTo: BackTo(primary: [], secondary: ["secondary-standby-signal"])),
        KnownFailure(
            id: "standby-settings-too-low",
            pattern: MessagePattern(anyOf: ["is a lower setting than on the", "insufficient parameter settings"], severities: anyProblem),
            explanation: "A setting on the standby (max_connections, max_worker_processes, max_wal_senders, max_prepared_transactions, max_locks_per_transaction) is lower than on the primary. Raise it on the standby to at least the primary's value.",
            backTo: .both("secondary-hot-standby")),
        KnownFailure(
            id: "panic",
            pattern: MessagePattern(anyOf: [], severities: [.panic]),
            explanation: "The server stopped on a PANIC, a failure it cannot survive. The line says what it could not do; this is not a setting the wizard made.",
            backTo: BackTo(primary: [], secondary: [])),
    ]

    /// The first catalogued failure an entry shows, if any.
    public static func match(_ entry: LogEntry) -> KnownFailure? {
        entries.first { $0.pattern.matches(entry) }
    }

    /// The first catalogued failure a line of a command's output shows.
    /// psql and pg_basebackup relay the server's message ("...failed:
    /// FATAL:  no pg_hba.conf entry..."), without a log line's severity,
    /// so only the wording counts, and failures known by severity alone
    /// (a PANIC) are left to the log.
    public static func match(outputLine line: String) -> KnownFailure? {
        let entry = LogEntry(severity: nil, message: line, rawLines: [line])
        return entries.first { !$0.pattern.anyOf.isEmpty && MessagePattern(anyOf: $0.pattern.anyOf, allOf: $0.pattern.allOf).matches(entry) }
    }
}
