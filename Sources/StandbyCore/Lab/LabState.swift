/// What `lab up` made, written next to the lab's answers so that `lab down`
/// removes exactly that and nothing else.
public struct LabState: Codable, Sendable, Equatable {
    public enum Layout: String, Codable, Sendable {
        /// Root on Debian: pg_createcluster, paths exactly as in production.
        case debian
        /// Anyone else: initdb into the state directory.
        case datadir
    }

    public struct Cluster: Codable, Sendable, Equatable {
        public var name: String
        public var port: Int
        public var dataDirectory: String
        public var logFile: String
        /// The PRIMARY_PG_CLUSTER / SECONDARY_PG_CLUSTER answer: the Debian
        /// cluster name, or the data directory for the datadir layout.
        public var clusterAnswer: String
    }

    public var layout: Layout
    public var version: String
    public var primary: Cluster
    public var standby: Cluster
    public var answersFile: String
    public var archiveDirectory: String
    /// The fault a trainer asked for, if any.
    public var exercise: LabExercise?
}
