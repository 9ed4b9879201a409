/// Which machine a step concerns. The badge in the step list comes from this.
public enum HostRole: String, Codable, CaseIterable, Sendable {
    case primary
    case secondary
    /// The machine the wizard runs on (checks, the lab), neither database host.
    case local

    public var badge: String {
        switch self {
        case .primary: "PRIMARY"
        case .secondary: "SECONDARY"
        case .local: "THIS HOST"
        }
    }
}

/// What the operator is doing: a first build, rebuilding a broken standby,
/// or a training walkthrough on throwaway clusters.
public enum WizardMode: String, Codable, CaseIterable, Sendable {
    case full
    case rebuild
    case lab
}

/// Where a cluster keeps its configuration. Debian's postgresql-common puts it
/// under /etc/postgresql/VER/CLUSTER; RHEL packages and tarball installs keep
/// it inside the data directory.
public enum DataLayout: String, Codable, CaseIterable, Sendable {
    case debian
    case datadir
}
