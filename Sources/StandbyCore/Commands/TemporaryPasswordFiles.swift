import CPty
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the wizard's temporary password files live, and the clean-up of
/// those a wizard could not remove itself. Each sits in its own directory
/// named after the wizard's pid: a file survives only a death no handler
/// sees (SIGKILL, a power cut), and the next wizard to start removes it
/// once that pid is gone.
public enum TemporaryPasswordFiles {
    public static let namePrefix = "standby-wizard-pgpass-"
    static let fileName = "pgpass"
    public static let parent = "/tmp"

    /// The mkdtemp template for this process.
    static func directoryTemplate(pid: Int32 = getpid()) -> String {
        "\(parent)/\(namePrefix)\(pid)-XXXXXX"
    }

    /// For `run`, `plan` and `lab`, which have no signal handling of their
    /// own: the files go before the signal ends the process. The screen
    /// installs its own handlers and ends through exit, where they go too.
    public static func removeOnQuitSignals() {
        cpty_remove_temporaries_on_quit_signals()
    }

    /// For a crash handler: only async-signal-safe calls.
    public static let removeNow: @convention(c) () -> Void = { cpty_remove_temporaries() }

    /// Removes the directories left by wizards that are no longer running,
    /// and by earlier versions, whose names carry no pid. Only a directory
    /// (not a link) holding nothing but the password file is touched, and
    /// only as far as this user may. Returns what it removed.
    @discardableResult
    public static func sweepStale(in directory: String = parent) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var removed: [String] = []
        for name in names where name.hasPrefix(namePrefix) {
            if let pid = ownerPid(name), processIsAlive(pid) { continue }
            let path = directory + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { continue }
            let inside = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            guard inside.allSatisfy({ $0 == fileName }) else { continue }
            unlink(path + "/" + fileName)
            if rmdir(path) == 0 { removed.append(path) }
        }
        return removed
    }

    /// "standby-wizard-pgpass-PID-XXXXXX"; nil for an older name.
    static func ownerPid(_ name: String) -> pid_t? {
        let parts = name.dropFirst(namePrefix.count).split(separator: "-")
        guard parts.count == 2, parts[1].count == 6 else { return nil }
        return pid_t(parts[0])
    }

    private static func processIsAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
