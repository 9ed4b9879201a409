import Foundation

/// Where the wizard keeps what it writes about a run: the session log and
/// the transcripts, under the user's state directory.
public enum SessionLogDirectory {
    public static func state(environment: [String: String]) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/standby-wizard" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/standby-wizard"
    }

    /// Where transcripts go; a Transcript makes it (0700) when it makes
    /// its file.
    public static func transcripts(environment: [String: String]) -> String {
        state(environment: environment) + "/transcripts"
    }

    /// Makes `path` and any missing parent, each one it makes 0700 (the
    /// logs can name hosts and paths); true when the directory is there.
    /// Plain mkdir rather than FileManager: this runs before the first
    /// frame, and FileManager's first use costs more than the calls.
    public static func makePrivate(_ path: String) -> Bool {
        var status = stat()
        if stat(path, &status) == 0 { return status.st_mode & S_IFMT == S_IFDIR }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            guard makePrivate(String(path[..<slash])) else { return false }
        }
        return mkdir(path, 0o700) == 0 || errno == EEXIST
    }
}
