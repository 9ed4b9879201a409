/// What `pg_controldata` says of a data directory, as far as telling whose
/// it is goes: the system it belongs to and what it last was.
public struct ControlData: Sendable, Equatable {
    public var systemIdentifier: String?
    /// "in production", "in archive recovery", "shut down", "shut down in
    /// recovery", ...
    public var clusterState: String?

    /// pg_controldata's own lines, read with LC_ALL=C so the labels are
    /// the English ones on every server.
    public init(output: String) {
        for line in output.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let label = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch label {
            case "Database system identifier": systemIdentifier = value
            case "Database cluster state": clusterState = value
            default: break
            }
        }
    }

    /// A primary, or a standby that was promoted: its data may be the only
    /// copy of someone's writes.
    public var inProduction: Bool { clusterState == "in production" }

    /// What the directory was last, in words.
    public var lastRole: String {
        switch clusterState {
        case "in production": "a primary (in production), or a standby that was promoted"
        case "in archive recovery": "a standby (in archive recovery)"
        case "shut down in recovery": "a standby, shut down cleanly"
        case "shut down": "a primary, shut down cleanly"
        case let state?: "in state \"\(state)\""
        case nil: "of unknown state"
        }
    }
}
