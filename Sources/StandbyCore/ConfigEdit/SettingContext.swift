/// Whether a changed setting needs the server restarted or only told to
/// reread its files. Getting this wrong either leaves a change silently
/// inactive (the log only says "cannot be changed without restarting")
/// or restarts a production primary for nothing.
public enum SettingContext {
    /// Read only at server start.
    static let restartOnly: Set<String> = [
        "listen_addresses", "port", "wal_level", "archive_mode", "max_wal_senders", "max_replication_slots",
        "hot_standby", "max_connections", "max_worker_processes", "max_prepared_transactions",
        "max_locks_per_transaction", "shared_buffers", "data_directory", "hba_file", "ident_file",
        "wal_log_hints", "archive_library",
    ]

    /// Reread on SIGHUP (pg_ctl reload, pg_reload_conf(), systemctl reload).
    static let reloadable: Set<String> = [
        "archive_command", "wal_keep_segments", "wal_keep_size", "max_slot_wal_keep_size",
        "archive_cleanup_command", "synchronous_standby_names", "hot_standby_feedback",
        "recovery_min_apply_delay", "wal_receiver_timeout", "wal_sender_timeout", "log_line_prefix",
        "promote_trigger_file",
    ]

    /// What it takes for `name` to come into force on `major`. Parameters
    /// the table does not know count as restart: the safe assumption.
    public static func activation(of name: String, version major: PostgresMajor) -> SettingActivation {
        let key = name.lowercased()
        let facts = VersionFacts.facts(for: major)
        switch key {
        case "primary_conninfo", "primary_slot_name":
            // 12 made them parameters that needed a restart; 13 lets the
            // walreceiver pick them up on reload.
            return facts?.primaryConninfoChange ?? .restart
        case "restore_command":
            return major >= PostgresMajor("14")! ? .reload : .restart
        default:
            break
        }
        if reloadable.contains(key) { return .reload }
        return .restart
    }
}
