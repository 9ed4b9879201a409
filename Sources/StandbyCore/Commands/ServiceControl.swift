/// How a cluster is started, stopped, restarted or reloaded on this host:
/// through systemd when it runs (so it knows the server's state), else
/// postgresql-common's pg_ctlcluster for a Debian cluster, else the
/// version's own pg_ctl on the data directory.
public enum ServiceMethod: String, Sendable, Equatable, CaseIterable {
    case systemctl
    case pgCtlCluster = "pg_ctlcluster"
    case pgCtl = "pg_ctl"
}

public struct ServiceControl: Sendable, Equatable {
    public var method: ServiceMethod
    /// True when the operator chose the method instead of detection.
    public var overridden: Bool
    public var version: PostgresMajor
    public var cluster: String
    public var paths: ClusterPaths
    /// Said after the method: why the operation is not the step's own.
    public var note: String?
    /// Why systemd, though running, does not control this cluster.
    public var notSystemd: String?

    public init?(version: PostgresMajor, cluster: String, facts: HostFacts, override: ServiceMethod? = nil,
                 binDirectory: String? = nil) {
        guard let paths = ClusterPaths(version: version, cluster: cluster, binDirectory: binDirectory) else { return nil }
        self.version = version
        self.cluster = cluster
        self.paths = paths
        overridden = override != nil
        if let override {
            method = override
        } else if facts.systemdRunning, paths.layout != .debian, let units = facts.pgdgUnits,
                  let mismatch = PgdgUnits.mismatch(unit: "postgresql-\(version)", dataDirectory: paths.dataDirectory, units: units) {
            // A PGDG unit serves one fixed data directory.
            notSystemd = mismatch
            method = .pgCtl
        } else if facts.systemdRunning {
            method = .systemctl
        } else if paths.layout == .debian, facts.pgCtlClusterPath != nil {
            method = .pgCtlCluster
        } else {
            method = .pgCtl
        }
    }

    /// The unit systemd knows the cluster by: Debian's templated unit per
    /// cluster, or the PGDG packages' unit per version.
    public var systemdUnit: String {
        paths.layout == .debian ? "postgresql@\(version)-\(cluster)" : "postgresql-\(version)"
    }

    public func argv(_ operation: ServiceOperation) -> [String] {
        switch method {
        case .systemctl:
            return ["systemctl", operation.rawValue, systemdUnit]
        case .pgCtlCluster:
            return ["pg_ctlcluster", "\(version)", cluster, operation.rawValue]
        case .pgCtl:
            // Debian keeps postgresql.conf under /etc; it names the data
            // directory, so -D takes the configuration directory.
            var argv = ["\(paths.binDirectory)/pg_ctl", "-D", paths.configDirectory]
            switch operation {
            case .start, .restart:
                // Debian clusters log to a file only when told to; without
                // -l the server would keep writing to (and holding) the
                // command's terminal. The data-directory layout logs through
                // its collector, so there -l would only catch early errors
                // in a second place.
                if paths.layout == .debian { argv += ["-l", paths.log] }
                argv += ["-w", "-t", "120"]
            case .stop:
                argv += ["-m", "fast", "-w", "-t", "120"]
            case .reload:
                break
            }
            argv.append(operation.rawValue)
            return argv
        }
    }

    /// pg_ctl refuses to run as root; the others need root.
    public var runAs: RunAs { method == .pgCtl ? .postgres : .root }

    /// One line for the screen: what was chosen and why.
    public var explanation: String {
        let why: String
        switch (method, overridden) {
        case (_, true): why = "chosen by you"
        case (.systemctl, _): why = "systemd runs on this host"
        case (.pgCtlCluster, _): why = "no systemd; Debian cluster \(version)/\(cluster)"
        case (.pgCtl, _): why = notSystemd.map { "\($0)" } ?? "no systemd and no pg_ctlcluster for this cluster"
        }
        return "Using \(method.rawValue) (\(why))." + (note.map { " " + $0 } ?? "")
    }
}
