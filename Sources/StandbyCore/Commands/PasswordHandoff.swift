/// How a password file reaches a command that runs under sudo. The wizard
/// is not root there and cannot give another user a file of its own, and
/// the environment is no place for a password (any process of that user
/// may read it). So the command's own shell, already that user, makes the
/// 0600 file in a 0700 directory and reads its one line from the terminal
/// with echo off, as sudo and libpq read passwords; the wizard answers the
/// prompt. The shell removes the file when the command ends, is
/// interrupted, terminated or hung up on.
enum PasswordHandoff {
    static let prompt = "standby-wizard: password file line: "

    /// `line` run after the file is in place and PGPASSFILE names it.
    /// `pid` is the wizard's, for the directory's name (see
    /// `TemporaryPasswordFiles`).
    static func wrap(_ line: String, pid: Int32) -> String {
        let template = TemporaryPasswordFiles.directoryTemplate(pid: pid)
        let file = "\"$d\"/" + TemporaryPasswordFiles.fileName
        // A signal's trap removes the file, then lets the signal end the
        // shell as it would have, so the wizard still sees what stopped it.
        var script = "umask 077; d=$(mktemp -d \(template)) || exit 1; trap 'rm -f \(file); rmdir \"$d\"' EXIT; "
        for signal in ["HUP", "INT", "TERM"] {
            script += "trap 'rm -f \(file); rmdir \"$d\"; trap - \(signal) EXIT; kill -\(signal) $$' \(signal); "
        }
        script += "stty -echo 2>/dev/null; printf '%s' '\(prompt)'; IFS= read -r l; stty echo 2>/dev/null; echo; "
        script += "printf '%s\\n' \"$l\" > \(file); l=; PGPASSFILE=\"$d\"/\(TemporaryPasswordFiles.fileName); export PGPASSFILE\n"
        return script + line
    }
}
