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
    public var pgdgUnits: [String: String]? {
        get { units ?? unitsProbe?.units }
        set { units = newValue; unitsProbe = nil }
    }
    private var units: [String: String]?
    /// Set by `detect` on a systemd host: systemctl is asked the first
    /// time a step needs the units, not while the wizard starts.
    private var unitsProbe: PgdgUnitsProbe?

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

    public static func detect(systemdMarker: String = "/run/systemd/system", unitsArgv: [String]? = nil) -> HostFacts {
        let uid = geteuid()
        let name = getpwuid(uid).map { String(cString: $0.pointee.pw_name) } ?? "uid \(uid)"
        // The directory exists exactly when systemd is PID 1 (sd_booted's
        // test); in containers it usually is not.
        let systemd = LocalFiles.exists(systemdMarker)
        var facts = HostFacts(isRoot: uid == 0, userName: name,
                              runuserPath: firstExecutable(["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]),
                              sudoPath: firstExecutable(["/usr/bin/sudo", "/bin/sudo", "/usr/local/bin/sudo"]),
                              suPath: firstExecutable(["/usr/bin/su", "/bin/su"]),
                              systemdRunning: systemd,
                              pgCtlClusterPath: firstExecutable(["/usr/bin/pg_ctlcluster"]))
        if systemd { facts.unitsProbe = PgdgUnitsProbe(argv: unitsArgv ?? PgdgUnits.showArgv) }
        return facts
    }

    static func firstExecutable(_ paths: [String]) -> String? {
        paths.first(where: LocalFiles.isExecutable)
    }
}

/// `systemctl show` for the PGDG units, run once, on first use. Detecting
/// the host happens before the first frame, and on a systemd host that
/// command alone takes longer than drawing it.
final class PgdgUnitsProbe: @unchecked Sendable, Equatable {
    private let argv: [String]
    private let lock = NSLock()
    private var asked = false
    private var found: [String: String]?

    init(argv: [String]) { self.argv = argv }

    var units: [String: String]? {
        lock.lock()
        defer { lock.unlock() }
        if !asked {
            asked = true
            found = (try? Subprocess.run(argv)).flatMap { $0.exitStatus == 0 ? PgdgUnits.parse($0.stdout) : nil }
        }
        return found
    }

    /// Equal only to itself: comparing two probes' answers would run
    /// systemctl just to compare.
    static func == (lhs: PgdgUnitsProbe, rhs: PgdgUnitsProbe) -> Bool { lhs === rhs }
}
