import Foundation

/// Whether a running server needs a restart for what its configuration
/// files now say. pg_settings.pending_restart is kept per session and is set
/// only when a session reads the files; pg_file_settings reads them (without
/// applying anything), so both queries in one session give the answer
/// without a reload. Both exist from 9.5 on.
public enum PendingRestart {
    public enum Decision: Sendable, Equatable {
        /// A restart is needed; the sentence says why.
        case needed(String)
        /// A reload applies everything; the sentence says why no restart.
        case notNeeded(String)
    }

    static let marker = "pending:"

    public static func decide(_ sql: ClusterSQL) -> Decision {
        let output: String
        do {
            output = try sql.query("SELECT count(*) FROM pg_file_settings; SELECT '\(marker)' || coalesce(string_agg(name, ', ' ORDER BY name), '') FROM pg_settings WHERE pending_restart")
        } catch {
            return .needed("The server could not be asked whether a restart is pending (\(error)); it is restarted to be sure.")
        }
        // psql before 15 prints only the last result of -c, 15 on all of them.
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix(marker) }) else {
            return .needed("The server's answer about pending restarts was not understood; it is restarted to be sure.")
        }
        let names = line.dropFirst(marker.count).trimmingCharacters(in: .whitespaces)
        if names.isEmpty {
            return .notNeeded("No restart is needed: every setting that only a restart changes already runs with the value in the files (pg_settings.pending_restart names none). A reload applies the others (pg_hba.conf, archive_command) and keeps open sessions.")
        }
        return .needed("The server runs with other values than its files for \(names), which only a restart changes (pg_settings.pending_restart).")
    }
}
