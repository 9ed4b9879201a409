import Foundation

/// A file system's size and free space, as df reports it on a host.
public struct FileSystemSpace: Sendable, Equatable {
    public var totalBytes: Int64
    public var availableBytes: Int64
    public var mountPoint: String

    /// Free for ordinary users, as a share of what they could use at most
    /// (df's own Capacity leaves out the reserved blocks the same way).
    public var percentFree: Double {
        let usable = totalBytes
        return usable > 0 ? Double(availableBytes) * 100 / Double(usable) : 0
    }

    /// df -Pk on the nearest existing directory at or above `path`.
    public static func of(_ path: String, on host: any HostAccess) throws -> FileSystemSpace? {
        var directory = path
        while directory != "/" && !host.fileExists(directory) {
            directory = (directory as NSString).deletingLastPathComponent
            if directory.isEmpty { directory = "/" }
        }
        let output = try host.run(["df", "-Pk", directory], environment: nil)
        guard output.succeeded, let row = output.stdout.split(separator: "\n").dropFirst().first else { return nil }
        return parse(row: String(row))
    }

    /// One line of `df -Pk`: file system, 1024-blocks, used, available,
    /// capacity, mounted on (which may hold spaces).
    static func parse(row: String) -> FileSystemSpace? {
        let fields = row.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 6, let used = Int64(fields[2]), let available = Int64(fields[3]) else { return nil }
        return FileSystemSpace(totalBytes: (used + available) * 1024, availableBytes: available * 1024,
                               mountPoint: fields[5...].joined(separator: " "))
    }
}
