/// One row of `pg_lsclusters`: a cluster postgresql-common knows about.
public struct DetectedCluster: Sendable, Equatable {
    /// As listed: "9.5", "16".
    public var version: String
    public var name: String
    /// nil when pg_lsclusters could not tell (`<unknown>`).
    public var port: Int?
    /// The comma-separated status words: online or down, then extras such
    /// as recovery (standby.signal / recovery.conf present) or
    /// binaries_missing.
    public var status: [String]
    public var owner: String
    public var dataDirectory: String
    /// pg_lsclusters' "Log file" column. Despite the name it is where the
    /// logs go: usually a file, but `syslog`, or a pattern relative to the
    /// data directory when logging_collector is on.
    public var logFile: String

    public init(version: String, name: String, port: Int?, status: [String], owner: String,
                dataDirectory: String, logFile: String) {
        self.version = version
        self.name = name
        self.port = port
        self.status = status
        self.owner = owner
        self.dataDirectory = dataDirectory
        self.logFile = logFile
    }

    public var major: PostgresMajor? { PostgresMajor(version) }
    public var isOnline: Bool { status.first == "online" }
    /// A standby (or a server still recovering): never the one to clone over.
    public var isInRecovery: Bool { status.contains("recovery") }
}
