import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// The preflight against real servers, sockets and file systems: what it
/// finds must be what the copy and the start would have run into.
extension LabTests {
@Suite("Preflight on real ports, slots and file systems")
struct PreflightRealLabTests {
    /// A program that took the standby's port while its old server was
    /// down: the new standby could never start there.
    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func aListenerOnTheStandbysPortStopsThePreflight() throws {
        let lab = try TestLab("prt")
        let version = try #require(lab.answers["SECONDARY_PG_VERSION"])
        let cluster = try #require(lab.answers["SECONDARY_PG_CLUSTER"])
        let port = try #require(Int(lab.answers["SECONDARY_PG_PORT"] ?? ""))
        #expect(try ChildProcess.run(["pg_ctlcluster", version, cluster, "stop"]).status == 0)
        let listener = try Listener(port: port)
        defer { listener.close() }

        let run = try ChildProcess.run([BuiltBinary.path, "run", "--answers", lab.answersPath, "--mode", "lab"])
        #expect(run.status != 0)
        #expect(run.output.contains("stopped at step preflight"), "\(run.output)")
        #expect(run.output.contains("[!] standby-port: something listens on TCP port \(port) on the standby"), "\(run.output)")
        let data = try #require(lab.values["SECONDARY_PG_DATA"])
        #expect(FileManager.default.fileExists(atPath: data + "/PG_VERSION"), "the standby's data was moved")
    }

    /// The copy's guard asks the real primary for the slot.
    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func theCopyWaitsForTheSlotOnTheRealPrimary() throws {
        let lab = try TestLab("slt")
        var values = lab.values
        values["WAL_RETENTION"] = "slot"
        values["REPLICATION_SLOT"] = "guard_probe_slot"
        let missing = try #require(StandbyDirectoryGuard.missingSlot(values: values, hosts: ThisMachine()))
        #expect(missing.first == "The primary has no replication slot guard_probe_slot: the standby's WAL would not be kept for it.")
        try lab.sql(.primary).query("SELECT pg_create_physical_replication_slot('guard_probe_slot', true)")
        #expect(StandbyDirectoryGuard.missingSlot(values: values, hosts: ThisMachine()) == nil)
        try lab.sql(.primary).query("SELECT pg_drop_replication_slot('guard_probe_slot')")
    }

    /// A data-directory lab on a small tmpfs: the copy would not fit, and
    /// the preflight says so before anything changes. The mount is the
    /// test's own, under its own directory, and is undone.
    @Test(.enabled(if: getuid() == 0, "needs root: mounts a tmpfs and runs the lab as another user"))
    func tooLittleSpaceOnARealFileSystemStopsThePreflight() throws {
        let stateDir = "/tmp/standby-wizard-small-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: stateDir) }
        let mount = try ChildProcess.run(["mount", "-t", "tmpfs", "-o", "size=160m,mode=0750", "standby-wizard-test", stateDir])
        try #require(mount.status == 0, "\(mount.output)")
        defer { _ = try? ChildProcess.run(["umount", stateDir]) }
        try #require(try ChildProcess.run(["chown", "postgres:postgres", stateDir]).status == 0)
        let asPostgres = ["runuser", "-u", "postgres", "--", BuiltBinary.path]
        let flags = ["--state-dir", stateDir, "--name-prefix", "swsm\(getpid() % 100000)"]
        let up = try ChildProcess.run(asPostgres + ["lab", "up"] + flags)
        defer { _ = try? ChildProcess.run(asPostgres + ["lab", "down"] + flags) }
        try #require(up.status == 0, "\(up.output)")
        let answersPath = try #require(up.output.split(separator: "\n").last.map(String.init))

        let run = try ChildProcess.run(asPostgres + ["run", "--answers", answersPath, "--mode", "lab"])
        #expect(run.status != 0)
        #expect(run.output.contains("stopped at step preflight"), "\(run.output)")
        #expect(run.output.contains("[!] free-space: the standby has "), "\(run.output)")
        #expect(run.output.contains("free where the copy goes; it needs about"), "\(run.output)")
        let answers = try AnswersFile.load(path: answersPath, environment: [:])
        let data = try #require(answers["SECONDARY_PG_CLUSTER"])
        #expect(FileManager.default.fileExists(atPath: data + "/PG_VERSION"), "the standby's data was moved")
    }
}
}

/// A listening TCP socket on 127.0.0.1, held for as long as the test needs.
final class Listener {
    private var fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 4) == 0 else {
            Glibc.close(fd)
            throw POSIXError(.EADDRINUSE)
        }
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    deinit { close() }
}
