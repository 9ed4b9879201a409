/// archive_library (15 on) and the wizard's archive_command cannot both
/// work: on 15 a set archive_library wins and archive_command is never run;
/// from 16 the archiver refuses to run with both set. Either way the
/// archive stays empty, so it is said before the restart that would start
/// archiving.
public enum ArchiveLibrary {
    /// Whether `major` knows archive_library at all.
    public static func exists(on major: PostgresMajor) -> Bool { major >= PostgresMajor(15) }

    /// What a set archive_library does to the wizard's archive_command on
    /// `major`, and what to do; nil when it does nothing (unset, or before
    /// 15).
    public static func conflict(library: String, major: PostgresMajor) -> String? {
        guard exists(on: major), !library.isEmpty else { return nil }
        let effect = major >= PostgresMajor(16)
            ? "PostgreSQL \(major) refuses to archive while both archive_command and archive_library are set (its log says: \(logText(major))), so no WAL file reaches the archive"
            : "on PostgreSQL 15 archive_library wins: the archiver loads it and never runs archive_command, so the wizard's archive directory stays empty"
        return "archive_library = '\(library)' is set: \(effect). Remove it (or set archive_library = '') before the restart if the archive is to be the wizard's directory."
    }

    /// The archiver's complaint on 16 on; 17 quotes the setting names.
    static func logText(_ major: PostgresMajor) -> String {
        major >= PostgresMajor(17) ? "both \"archive_command\" and \"archive_library\" set"
            : "both archive_command and archive_library set"
    }
}
