import Foundation

/// Where the wizard keeps what it writes about a run: the session log and
/// the transcripts, under the user's state directory.
public enum SessionLogDirectory {
    public static func state(environment: [String: String]) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/standby-wizard" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/standby-wizard"
    }

    /// Made (0700) if missing.
    public static func transcripts(environment: [String: String]) -> String {
        let directory = state(environment: environment) + "/transcripts"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        return directory
    }
}
