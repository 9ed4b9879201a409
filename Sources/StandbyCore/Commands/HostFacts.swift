import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the machine running the command offers for changing user and
/// controlling the server. Detected once; tests build it by hand.
public struct HostFacts: Sendable, Equatable {
    public var isRoot: Bool
    /// The wizard's own login name.
    public var userName: String
    public var runuserPath: String?
    public var sudoPath: String?
    public var suPath: String?
    public var systemdRunning: Bool
    public var pgCtlClusterPath: String?
    /// The host is reached over ssh: files the wizard would write here
    /// before a command (a password file) are made by the command there.
    public var reachedOverSsh: Bool
    /// Where systemd runs: its PGDG units (postgresql-VER) and the PGDATA
    /// each serves (`PgdgUnits`); nil when not read.
    public var pgdgUnits: [String: String]?

    public init(isRoot: Bool, userName: String, runuserPath: String? = nil, sudoPath: String? = nil,
                suPath: String? = nil, systemdRunning: Bool = false, pgCtlClusterPath: String? = nil,
                reachedOverSsh: Bool = false, pgdgUnits: [String: String]? = nil) {
        self.isRoot = isRoot
        self.userName = userName
        self.runuserPath = runuserPath
        self.sudoPath = sudoPath
        self.suPath = suPath
        self.systemdRunning = systemdRunning
        self.pgCtlClusterPath = pgCtlClusterPath
        self.reachedOverSsh = reachedOverSsh
        self.pgdgUnits = pgdgUnits
    }

    public static func detect() -> HostFacts {
        let uid = geteuid()
        let name = getpwuid(uid).map { String(cString: $0.pointee.pw_name) } ?? "uid \(uid)"
        // The directory exists exactly when systemd is PID 1 (sd_booted's
        // test); in containers it usually is not.
        let systemd = FileManager.default.fileExists(atPath: "/run/systemd/system")
        let units = systemd ? (try? Subprocess.run(PgdgUnits.showArgv)).flatMap { $0.exitStatus == 0 ? PgdgUnits.parse($0.stdout) : nil } : nil
        return HostFacts(isRoot: uid == 0, userName: name,
                         runuserPath: firstExecutable(["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]),
                         sudoPath: firstExecutable(["/usr/bin/sudo", "/bin/sudo", "/usr/local/bin/sudo"]),
                         suPath: firstExecutable(["/usr/bin/su", "/bin/su"]),
                         systemdRunning: systemd,
                         pgCtlClusterPath: firstExecutable(["/usr/bin/pg_ctlcluster"]), pgdgUnits: units)
    }

    static func firstExecutable(_ paths: [String]) -> String? {
        paths.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
