import Foundation

/// Where one cluster keeps its files, from its major version and the
/// cluster answer (a Debian cluster name or a data directory path).
public struct ClusterPaths: Sendable, Equatable {
    public let layout: DataLayout
    public let dataDirectory: String
    public let configDirectory: String
    /// The server log file (Debian) or the directory of log files.
    public let log: String
    public let binDirectory: String

    /// `binDirectory` is the answers' own (PRIMARY_PG_BINDIR ...), for
    /// programs installed outside the packaging's usual place.
    public init?(version: PostgresMajor, cluster: String, binDirectory answered: String? = nil) {
        guard let facts = VersionFacts.facts(for: version),
              let layout = DataLayout.inferred(fromCluster: cluster) else { return nil }
        self.layout = layout
        switch layout {
        case .debian:
            // postgresql-common: config in /etc, pg_ctl's stderr in one file
            // per cluster, binaries per major outside PATH.
            dataDirectory = "/var/lib/postgresql/\(version)/\(cluster)"
            configDirectory = "/etc/postgresql/\(version)/\(cluster)"
            log = "/var/log/postgresql/postgresql-\(version)-\(cluster).log"
            binDirectory = answered ?? "/usr/lib/postgresql/\(version)/bin"
        case .datadir:
            var path = cluster
            while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
            dataDirectory = path
            configDirectory = path
            // Packages of this layout turn logging_collector on, so logs sit
            // in log_directory's default under the data directory.
            log = "\(path)/\(facts.collectorLogDirectory)"
            // The binaries of this major that the machine has: PGDG's
            // /usr/pgsql-VER/bin (the packaging that keeps the config in
            // the data directory on most servers), else Debian's per-major
            // directory (an initdb'd cluster on a Debian host, as the lab
            // makes without root). With neither, PGDG's path is named.
            let candidates = ["/usr/pgsql-\(version)/bin", "/usr/lib/postgresql/\(version)/bin"]
            binDirectory = answered ?? candidates.first { LocalFiles.isExecutable($0 + "/pg_ctl") } ?? candidates[0]
        }
    }
}
