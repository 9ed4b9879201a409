import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the log-gate tests need beyond a plain cluster: replace pg_hba.conf,
/// reload, and turn a fresh cluster into a streaming standby of another.
extension TestCluster {
    public var hbaFile: String { dataDirectory + "/pg_hba.conf" }
    public var configFile: String { dataDirectory + "/postgresql.conf" }

    /// Replaces pg_hba.conf wholesale; the server sees it after `reload()`.
    public func writeHba(_ text: String) throws {
        try text.write(toFile: hbaFile, atomically: false, encoding: .utf8)
    }

    public func reload() throws {
        try runAsPostgres([binDirectory + "/pg_ctl", "-D", dataDirectory, "reload"], what: "pg_ctl reload")
    }

    /// Starts a server expected to refuse (bad setting, port taken) and
    /// returns pg_ctl's output instead of throwing.
    @discardableResult
    public func startExpectingFailure() -> String {
        do {
            try start()
            return ""
        } catch {
            return "\(error)"
        }
    }

    /// Throws away this cluster's own data directory and puts a base backup
    /// of `primary` in its place (pg_basebackup as postgres over the
    /// primary's socket, which initdb's trust rules admit), then makes it a
    /// standby that connects over TCP with `conninfo`. This cluster keeps
    /// its own port and socket directory: later lines in postgresql.conf win
    /// over the primary's copied ones.
    public func becomeStandby(of primary: TestCluster, conninfo: String) throws {
        try FileManager.default.removeItem(atPath: dataDirectory)
        try runAsPostgres([binDirectory + "/pg_basebackup", "-h", primary.socketDirectory, "-p", "\(primary.port)",
                           "-U", "postgres", "-D", dataDirectory, "-X", "stream", "--checkpoint=fast", "--no-sync"],
                          what: "pg_basebackup")
        var conf = "\n# standby, added by the test harness\nport = \(port)\n"
        conf += "unix_socket_directories = '\(socketDirectory)'\nhot_standby = on\n"
        conf += "primary_conninfo = '\(conninfo.replacingOccurrences(of: "'", with: "''"))'\n"
        try append(conf, to: configFile)
        _ = FileManager.default.createFile(atPath: dataDirectory + "/standby.signal", contents: Data())
        try Self.giveToPostgres(dataDirectory)
    }

    /// A file only postgres can read, as libpq demands of a passfile.
    public func writePrivateFile(_ name: String, _ text: String) throws -> String {
        let path = root + "/" + name
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        try Self.giveToPostgres(path)
        chmod(path, 0o600)
        return path
    }
}
