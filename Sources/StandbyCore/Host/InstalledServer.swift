import Foundation

/// The newest PostgreSQL server Debian's packages installed on this
/// machine: its major and the directory of its binaries.
public enum InstalledServer {
    public static let packageRoot = "/usr/lib/postgresql"

    public static func newest(on host: any HostAccess) -> (major: PostgresMajor, binDirectory: String)? {
        let versions = ((try? host.listDirectory(packageRoot)) ?? [])
            .compactMap(PostgresMajor.init)
            .filter { host.fileExists("\(packageRoot)/\($0)/bin/postgres") }
        return versions.max().map { ($0, "\(packageRoot)/\($0)/bin") }
    }
}
