import Foundation

/// The recipe's archive_command, made safe for any directory name.
enum ArchiveCommand {
    /// `test ! -f DIR/%f && cp %p DIR/%f.tmp && mv DIR/%f.tmp DIR/%f`: the
    /// copy goes to a temporary name and is renamed only once complete, so a
    /// copy that fails half way (a full disk) leaves no file under the final
    /// name for `test ! -f` to refuse on every later try; the next try
    /// overwrites the partial .tmp. The rename stays in one directory, so
    /// it is atomic. pg_archivecleanup and restore_command look only at
    /// full segment names, never at a .tmp. The command passes through two
    /// interpreters: PostgreSQL first replaces %p, %f and %% (so a literal
    /// % in the directory must be doubled), then /bin/sh runs the result (so
    /// the directory is single-quoted, an embedded ' written as '\'').
    /// Writing the value into postgresql.conf is a third layer, left to
    /// whoever writes the file.
    static func copyingInto(directory: String) -> String {
        let target = quotedDirectory(directory)
        return "test ! -f \(target)/%f && cp %p \(target)/%f.tmp && mv \(target)/%f.tmp \(target)/%f"
    }

    /// The standby's restore_command: the same directory read back, `%p`
    /// double-quoted as the server's documentation writes it.
    static func restoringFrom(directory: String) -> String {
        "cp \(quotedDirectory(directory))/%f \"%p\""
    }

    /// The standby's archive_cleanup_command: pg_archivecleanup removes the
    /// files older than the last restartpoint (%r), which nobody needs.
    static func cleanup(directory: String, binDirectory: String) -> String {
        "\(ShellQuote.quote(binDirectory + "/pg_archivecleanup")) \(quotedDirectory(directory)) %r"
    }

    private static func quotedDirectory(_ directory: String) -> String {
        var trimmed = directory
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        return shellQuoted(trimmed.replacingOccurrences(of: "%", with: "%%"))
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
