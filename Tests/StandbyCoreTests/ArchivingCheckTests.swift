import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// The `archiving` verification check against real servers: one whose
/// archive works, one whose archive_command cannot write, one that does
/// not archive at all.
@Suite("Archiving check over real servers", .serialized, Needs.postgreSQL)
struct ArchivingCheckTests {
    /// A stopped cluster archiving into `directory` with the command the
    /// wizard itself writes.
    func archivingCluster(_ name: String, into directory: (TestCluster) throws -> String) throws -> (TestCluster, String) {
        let cluster = try TestCluster(name: name)
        let archive = try directory(cluster)
        let command = ArchiveCommand.copyingInto(directory: archive)
        try cluster.append("archive_mode = on\narchive_command = \(ConfValue.quoted(command))\n", to: cluster.configFile)
        return (cluster, archive)
    }

    func verification(_ cluster: TestCluster) -> Verification {
        let values = ["PRIMARY_PG_PORT": "\(cluster.port)", "PRIMARY_PG_DATA": cluster.dataDirectory,
                      "PRIMARY_PG_CONF_DIR": cluster.dataDirectory, "PRIMARY_PG_LOG": cluster.logFile]
        let sql = ClusterSQL(role: .primary, values: values, hosts: ThisMachine())
        return Verification(primary: sql, standby: sql)
    }

    func log(_ cluster: TestCluster) -> String {
        (try? String(contentsOfFile: cluster.logFile, encoding: .utf8)) ?? "<no log>"
    }

    func mkdir(_ path: String, mode: Int, ownedByPostgres: Bool) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: mode])
        if ownedByPostgres && getuid() == 0 {
            let chown = try ChildProcess.run(["/bin/chown", "postgres:postgres", path])
            #expect(chown.status == 0, "\(chown.output)")
        }
    }

    @Test func aWorkingArchiveReceivesTheClosedFile() throws {
        let (cluster, archive) = try archivingCluster("archive-ok") { cluster in
            let path = cluster.root + "/wal archive"
            try mkdir(path, mode: 0o700, ownedByPostgres: true)
            return path
        }
        try cluster.start()
        let result = try #require(verification(cluster).run([.archiving]).first)
        #expect(result.passed, "\(result.detail)\n\(log(cluster))")
        #expect(result.failureID == nil)
        let line = try #require(result.detail.first)
        #expect(line.contains("reached the archive after"))
        // "WAL file NAME reached ...": that very file is in the directory.
        let name = line.split(separator: " ").dropFirst(2).first.map(String.init) ?? ""
        #expect(name.count == 24, "\(line)")
        #expect(FileManager.default.fileExists(atPath: archive + "/" + name), "\(line)")
    }

    // Needs a directory postgres cannot enter, which only root can make
    // for a server running as someone else.
    @Test(.enabled(if: getuid() == 0, "needs root: only root can lock the server's user out of a directory"))
    func anUnwritableArchiveFailsWithTheCatalogueID() throws {
        let (cluster, _) = try archivingCluster("archive-denied") { cluster in
            let locked = cluster.root + "/locked"
            try mkdir(locked, mode: 0o700, ownedByPostgres: false)
            try mkdir(locked + "/archive", mode: 0o777, ownedByPostgres: false)
            return locked + "/archive"
        }
        try cluster.start()
        let result = try #require(verification(cluster).run([.archiving]).first)
        #expect(!result.passed)
        #expect(result.failureID == "archive-failed", "\(result.detail)")
        // Settled by the archiver's own failure count, not by running out
        // of time.
        #expect(result.detail.contains { $0.contains("failed_count") }, "\(result.detail)")
        // The server's own reason, quoted from its log, not a pointer to it.
        #expect(result.detail.contains { $0.contains("the primary's log") && $0.contains("Permission denied") }, "\(result.detail)")
        // What the detail quotes is really in the log.
        let text = log(cluster)
        #expect(text.contains("archive command failed") && text.contains("Permission denied"), "\(text)")
    }

    @Test func noArchivingPassesAndSaysSo() throws {
        let cluster = try TestCluster(name: "archive-off")
        try cluster.start()
        let result = try #require(verification(cluster).run([.archiving]).first)
        #expect(result.passed)
        #expect(result.detail == ["archive_mode is off on the primary: nothing is archived"])
    }
}

@Suite("Archiving check pieces")
struct ArchivingCheckPieceTests {
    static let target = "000000010000000000000005"

    @Test(arguments: [
        ("000000010000000000000005", true),
        ("000000010000000000000006", true),
        ("000000020000000000000001", true),
        ("000000010000000000000004", false),
        ("000000010000000000000005.00000028.backup", true),
        ("00000002.history", false),
        ("", false),
    ])
    func walNamesCompareInWALOrder(name: String, reached: Bool) {
        #expect(WALFileName.isAtOrAfter(name, Self.target) == reached)
    }

    @Test func theReasonIsTheLineAboveTheLastFailure() {
        let log = """
            2026-01-02 03:04:05 UTC LOG:  database system is ready to accept connections
            cp: cannot create regular file '/a/000000010000000000000003.tmp': Permission denied
            2026-01-02 03:04:06 UTC LOG:  archive command failed with exit code 1
            2026-01-02 03:04:06 UTC DETAIL:  The failed archive command was: test ! -f ...
            cp: error writing '/a/000000010000000000000003.tmp': No space left on device
            2026-01-02 03:04:09 UTC LOG:  archive command failed with exit code 1
            2026-01-02 03:04:09 UTC DETAIL:  The failed archive command was: test ! -f ...
            """
        #expect(ArchiveFailureReason.reason(in: log) == "cp: error writing '/a/000000010000000000000003.tmp': No space left on device")
        // Two failures in a row with nothing of the command's between: no reason to quote.
        #expect(ArchiveFailureReason.reason(in: "x LOG:  archive command failed with exit code 1\ny LOG:  archive command failed with exit code 1\n") == nil)
        #expect(ArchiveFailureReason.reason(in: "nothing failed here\n") == nil)
    }

    @Test func archiverRowParses() {
        let state = ArchiverState(row: "000000010000000000000003|2|000000010000000000000004|2026-01-02 03:04:05+00")
        #expect(state.lastArchived == "000000010000000000000003")
        #expect(state.failedCount == 2)
        #expect(state.lastFailed == "000000010000000000000004")
        #expect(state.failureLines.first == "failed_count 2; last failed: 000000010000000000000004 at 2026-01-02 03:04:05+00")
        let fresh = ArchiverState(row: "|0||")
        #expect(fresh.lastArchived.isEmpty && fresh.failedCount == 0)
    }

    @Test func onlyAFailedResultNamesAFailure() {
        #expect(Verification.Result(check: .writeTest, passed: true, detail: []).failureID == nil)
        #expect(Verification.Result(check: .writeTest, passed: false, detail: []).failureID == "write-test")
        #expect(Verification.Result(check: .archiving, passed: false, detail: [], failureID: "archive-failed").failureID == "archive-failed")
        #expect(Verification.Result(check: .archiving, passed: true, detail: [], failureID: "archive-failed").failureID == nil)
    }

    /// The archiver is read again soon after the switch, then less often.
    @Test func theArchiverIsReadSoonThenLessOften() {
        #expect((0..<7).map { Verification.archivePollInterval(after: $0) } == [0.01, 0.02, 0.04, 0.08, 0.16, 0.2, 0.2])
    }
}
