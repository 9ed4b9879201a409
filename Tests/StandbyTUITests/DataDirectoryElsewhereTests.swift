import Foundation
import StandbyCore
import TestSupport
import Testing

/// A Debian cluster whose data directory is not /var/lib/postgresql/VER/NAME
/// (made with `pg_createcluster -d`): the copy, the recovery files and the
/// checks go where pg_lsclusters says, and the usual place stays untouched.
extension LabTests {
@Suite("A standby whose data directory is elsewhere", .enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
struct DataDirectoryElsewhereTests {
    @Test func theWalkthroughFollowsTheClustersOwnDataDirectory() throws {
        let lab = try TestLab("ddir")
        let version = try #require(lab.answers["SECONDARY_PG_VERSION"])
        let port = try #require(lab.answers["SECONDARY_PG_PORT"])
        let cluster = lab.prefix + "-standby"
        let elsewhere = lab.scratch + "/standby data"
        let usual = "/var/lib/postgresql/\(version)/\(cluster)"
        // The lab's standby, made again with a data directory of its own.
        let drop = try ChildProcess.run(["pg_dropcluster", "--stop", version, cluster])
        try #require(drop.status == 0, "\(drop.output)")
        defer { _ = try? ChildProcess.run(["pg_dropcluster", "--stop", version, cluster]) }
        let make = try ChildProcess.run(["pg_createcluster", "-p", port, "-d", elsewhere, version, cluster, "--", "--no-sync"])
        try #require(make.status == 0, "\(make.output)")
        #expect(try ChildProcess.run(["pg_ctlcluster", version, cluster, "start"]).status == 0)

        let run = try ChildProcess.run([BuiltBinary.path, "run", "--answers", lab.answersPath, "--mode", "lab"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("Data directory \(elsewhere) (its data_directory), used from here on"), "\(run.output)")
        #expect(run.output.contains("verification passed"), "\(run.output)")
        #expect(FileManager.default.fileExists(atPath: elsewhere + "/standby.signal"), "no standby.signal in \(elsewhere)")
        #expect(!FileManager.default.fileExists(atPath: usual), "\(usual) was made")
        try ReplicationProof.check(lab.answers, table: "ddir_probe")
    }
}
}
