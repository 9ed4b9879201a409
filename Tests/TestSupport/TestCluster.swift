import Foundation
import StandbyCore
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster for tests: its own directory under /tmp,
/// its own free port, its own socket directory. It never touches a cluster
/// it did not create (such as `main` on 5432), and it is stopped and removed
/// when the value goes away, also when the test fails.
public final class TestCluster: @unchecked Sendable {
    public let root: String
    public let dataDirectory: String
    public let socketDirectory: String
    public let logFile: String
    public let port: Int
    public let binDirectory: String
    public let majorVersion: Int
    private var running = false

    public enum Failure: Error, CustomStringConvertible {
        case noServerInstalled
        case command(String, Int32, String)

        public var description: String {
            switch self {
            case .noServerInstalled: "no PostgreSQL server under /usr/lib/postgresql"
            case .command(let what, let status, let output): "\(what) exited \(status): \(output)"
            }
        }
    }

    /// The newest server installed by Debian's packages.
    public static func installedServer() throws -> (version: Int, binDirectory: String) {
        // Test clusters need 10 or later, whose majors are one number.
        guard let server = InstalledServer.newest(on: LocalHost()), server.major >= PostgresMajor(10) else { throw Failure.noServerInstalled }
        return (server.major.first, server.binDirectory)
    }

    /// Creates (initdb) but does not start the cluster. Extra settings are
    /// appended to its postgresql.conf.
    public init(name: String = "test", settings: [String: String] = [:]) throws {
        let server = try Self.installedServer()
        majorVersion = server.version
        binDirectory = server.binDirectory
        root = "/tmp/standby-wizard-test-\(name)-\(UUID().uuidString.prefix(8))"
        dataDirectory = root + "/data"
        socketDirectory = root + "/socket"
        logFile = root + "/server.log"
        port = try FreePort.find()
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        try Self.giveToPostgres(root)
        try runAsPostgres([binDirectory + "/initdb", "-D", dataDirectory, "-A", "trust", "-U", "postgres",
                           "--no-sync", "-E", "UTF8", "--locale=C"], what: "initdb")
        var conf = "\n# added by the test harness\nport = \(port)\nlisten_addresses = '127.0.0.1'\n"
        conf += "unix_socket_directories = '\(socketDirectory)'\nfsync = off\n"
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) { conf += "\(key) = \(value)\n" }
        try append(conf, to: dataDirectory + "/postgresql.conf")
    }

    deinit {
        if running {
            _ = try? runAsPostgres([binDirectory + "/pg_ctl", "-D", dataDirectory, "-m", "immediate", "-w", "stop"], what: "pg_ctl stop")
        }
        try? FileManager.default.removeItem(atPath: root)
    }

    public func start() throws {
        try runAsPostgres([binDirectory + "/pg_ctl", "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "start"], what: "pg_ctl start")
        running = true
    }

    public func stop() throws {
        try runAsPostgres([binDirectory + "/pg_ctl", "-D", dataDirectory, "-m", "fast", "-w", "stop"], what: "pg_ctl stop")
        running = false
    }

    /// Runs SQL as the postgres superuser over the cluster's socket; returns
    /// unaligned, tuples-only output.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        try runAsPostgres(["/usr/bin/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", socketDirectory,
                           "-p", "\(port)", "-d", database, "-c", sql], what: "psql")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    @discardableResult
    func runAsPostgres(_ argv: [String], what: String) throws -> String {
        let command = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + argv : argv
        let result = try ChildProcess.run(command)
        guard result.status == 0 else { throw Failure.command(what, result.status, result.output) }
        return result.output
    }

    static func giveToPostgres(_ path: String) throws {
        guard getuid() == 0, let user = getpwnam("postgres") else { return }
        let result = try ChildProcess.run(["/bin/chown", "-R", "\(user.pointee.pw_uid):\(user.pointee.pw_gid)", path])
        guard result.status == 0 else { throw Failure.command("chown", result.status, result.output) }
    }
}

public enum FreePort {
    /// A TCP port on 127.0.0.1 that nothing listens on right now: bind to
    /// port 0, read what the kernel chose, close.
    public static func find() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
