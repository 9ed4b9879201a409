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

    public init(isRoot: Bool, userName: String, runuserPath: String? = nil, sudoPath: String? = nil,
                suPath: String? = nil, systemdRunning: Bool = false, pgCtlClusterPath: String? = nil,
                reachedOverSsh: Bool = false) {
        self.isRoot = isRoot
        self.userName = userName
        self.runuserPath = runuserPath
        self.sudoPath = sudoPath
        self.suPath = suPath
        self.systemdRunning = systemdRunning
        self.pgCtlClusterPath = pgCtlClusterPath
        self.reachedOverSsh = reachedOverSsh
    }

    public static func detect() -> HostFacts {
        let uid = geteuid()
        let name = getpwuid(uid).map { String(cString: $0.pointee.pw_name) } ?? "uid \(uid)"
        return HostFacts(isRoot: uid == 0, userName: name,
                         runuserPath: firstExecutable(["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]),
                         sudoPath: firstExecutable(["/usr/bin/sudo", "/bin/sudo", "/usr/local/bin/sudo"]),
                         suPath: firstExecutable(["/usr/bin/su", "/bin/su"]),
                         // The directory exists exactly when systemd is PID 1
                         // (sd_booted's test); in containers it usually is not.
                         systemdRunning: FileManager.default.fileExists(atPath: "/run/systemd/system"),
                         pgCtlClusterPath: firstExecutable(["/usr/bin/pg_ctlcluster"]))
    }

    static func firstExecutable(_ paths: [String]) -> String? {
        paths.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
