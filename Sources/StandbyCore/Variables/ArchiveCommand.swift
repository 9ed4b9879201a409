import Foundation

/// The recipe's archive_command, made safe for any directory name.
enum ArchiveCommand {
    /// `test ! -f DIR/%f && cp %p DIR/%f`. The command passes through two
    /// interpreters: PostgreSQL first replaces %p, %f and %% (so a literal
    /// % in the directory must be doubled), then /bin/sh runs the result (so
    /// the directory is single-quoted, an embedded ' written as '\'').
    /// Writing the value into postgresql.conf is a third layer, left to
    /// whoever writes the file.
    static func copyingInto(directory: String) -> String {
        var trimmed = directory
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        let target = shellQuoted(trimmed.replacingOccurrences(of: "%", with: "%%"))
        return "test ! -f \(target)/%f && cp %p \(target)/%f"
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
