import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// Faults made on purpose on real lab clusters, each ending in a clear
/// state: the run stops at a step that names the cause in plain words,
/// nothing is half-written, and running again finishes the job. File
/// systems that fill up are small tmpfs mounts of the test's own, on the
/// lab's own directories, unmounted in a defer. The suite prints its tally.
extension SecondLabLine {
@Suite("Faults on purpose")
struct FaultSuiteTests {
    /// One fault: a name and what it does to a fresh lab; it throws or
    /// records an expectation failure when the end is not clear.
    struct Fault {
        var name: String
        var body: (Problems) throws -> Void
    }

    /// What went wrong in one fault, in words, and whether data was lost:
    /// the primary's data directory gone, or the standby's neither in
    /// place nor set aside.
    final class Problems {
        var lines: [String] = []
        var labs: [TestLab] = []

        func expect(_ condition: @autoclosure () throws -> Bool, _ message: @autoclosure () -> String = "",
                    sourceLocation: Testing.SourceLocation = #_sourceLocation) rethrows {
            if try !condition() { lines.append("line \(sourceLocation.line): \(message())") }
        }

        func require(_ condition: @autoclosure () throws -> Bool, _ message: @autoclosure () -> String = "",
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
            if try !condition() {
                lines.append("line \(sourceLocation.line): \(message())")
                throw Stop()
            }
        }

        func require<T>(_ value: T?, _ message: @autoclosure () -> String = "",
                        sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> T {
            guard let value else {
                lines.append("line \(sourceLocation.line): missing \(message())")
                throw Stop()
            }
            return value
        }

        func lab(_ name: String, upFlags: [String] = []) throws -> TestLab {
            let lab = try TestLab(name, upFlags: upFlags)
            labs.append(lab)
            return lab
        }

        var dataLost: Bool {
            labs.contains { lab in
                guard let primary = lab.values["PRIMARY_PG_DATA"], let standby = lab.values["SECONDARY_PG_DATA"] else { return false }
                let parent = (standby as NSString).deletingLastPathComponent
                let name = (standby as NSString).lastPathComponent
                let setAside = ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).contains { $0.hasPrefix(name + ".pre-standby-") }
                return !FileManager.default.fileExists(atPath: primary + "/PG_VERSION")
                    || !(FileManager.default.fileExists(atPath: standby + "/PG_VERSION") || setAside)
            }
        }

        struct Stop: Error {}
    }

    static func run(_ lab: TestLab, _ extra: [String] = [], environment: [String: String]? = nil) throws -> ChildProcess.Result {
        try ChildProcess.run([BuiltBinary.path, "run", "--answers", lab.answersPath, "--mode", "lab"] + extra, environment: environment)
    }

    static func mountTmpfs(_ path: String, size: String) throws {
        let owner = try FileManager.default.attributesOfItem(atPath: path)
        let mount = try ChildProcess.run(["mount", "-t", "tmpfs", "-o", "size=\(size),mode=0700", "standby-wizard-fault", path])
        try #require(mount.status == 0, "\(mount.output)")
        let user = owner[.ownerAccountName] as? String ?? "postgres"
        let group = owner[.groupOwnerAccountName] as? String ?? "postgres"
        try #require(try ChildProcess.run(["chown", "\(user):\(group)", path]).status == 0)
    }

    static func unmount(_ path: String) {
        _ = try? ChildProcess.run(["umount", path])
    }

    static func segmentNames(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    // MARK: - The faults

    /// The archive's file system fills: archiving fails with the server's
    /// own reason quoted, no file under a segment's final name is left,
    /// and once there is room again the archiver goes on by itself.
    static func archiveDiskFull(_ p: Problems) throws {
        let lab = try p.lab("fdf")
        let archive = try p.require(lab.values["REP_ARCHIVE"])
        // The walkthrough makes the archive; here it is made first, to be
        // the mount point, as the walkthrough would (the server's own).
        if !FileManager.default.fileExists(atPath: archive) {
            try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: true)
            try p.require(try ChildProcess.run(["chown", "postgres:postgres", archive]).status == 0)
        }
        try mountTmpfs(archive, size: "4m")
        defer { unmount(archive) }
        let first = try run(lab)
        p.expect(first.status != 0, "\(first.output)")
        p.expect(first.output.contains("stopped at step verify"), "\(first.output)")
        p.expect(first.output.contains("No space left on device"), "the server's reason is not quoted:\n\(first.output)")
        let finals = segmentNames(in: archive).filter { !$0.hasSuffix(".tmp") }
        p.expect(finals.isEmpty, "a failed copy left \(finals) under its final name")
        let grown = try ChildProcess.run(["mount", "-o", "remount,size=512m", archive])
        try p.require(grown.status == 0, "\(grown.output)")
        let again = try run(lab)
        p.expect(again.status == 0, "\(again.output)")
        p.expect(again.output.contains("verification passed"), "\(again.output)")
        let names = segmentNames(in: archive)
        p.expect(!names.contains { $0.hasSuffix(".tmp") }, "\(names)")
        for name in names where name.count == 24 {
            let size = (try FileManager.default.attributesOfItem(atPath: archive + "/" + name)[.size] as? Int) ?? 0
            p.expect(size == 16 * 1024 * 1024, "\(name) is \(size) bytes")
        }
    }

    /// The primary stops after its own part, before the standby's: the
    /// standby's part stops before it changes anything, saying why; once
    /// the primary is back the same command finishes.
    static func primaryStopsBeforeTheStandby(_ p: Problems) throws {
        let lab = try p.lab("fps")
        let primary = try run(lab, ["--role", "primary"])
        try p.require(primary.status == 0, "\(primary.output)")
        let version = try p.require(lab.answers["PRIMARY_PG_VERSION"])
        let cluster = try p.require(lab.answers["PRIMARY_PG_CLUSTER"])
        try p.require(try ChildProcess.run(["pg_ctlcluster", version, cluster, "stop"]).status == 0)
        let stopped = try run(lab, ["--role", "secondary"])
        p.expect(stopped.status != 0, "\(stopped.output)")
        p.expect(stopped.output.contains("stopped at step"), "\(stopped.output)")
        p.expect(!stopped.output.contains("Error: Error:"), "\(stopped.output)")
        let data = try p.require(lab.values["SECONDARY_PG_DATA"])
        p.expect(FileManager.default.fileExists(atPath: data + "/PG_VERSION"), "the standby's data moved while the primary was down")
        try p.require(try ChildProcess.run(["pg_ctlcluster", version, cluster, "start"]).status == 0)
        let again = try run(lab, ["--role", "secondary"])
        p.expect(again.status == 0, "\(again.output)")
        try ReplicationProof.check(lab.answers, table: "fault_primary_stops")
    }

    /// The file system holding the standby's configuration is full when
    /// the wizard writes it: the edit fails naming the cause, the file is
    /// as it was, and with room again the run finishes.
    static func configurationDiskFull(_ p: Problems) throws {
        let lab = try p.lab("fcf")
        let conf = try p.require(HostAnswers(.secondary, values: lab.values).configFiles.first)
        let directory = (conf as NSString).deletingLastPathComponent
        let saved = lab.scratch + "/conf-saved"
        try p.require(try ChildProcess.run(["cp", "-a", directory, saved]).status == 0)
        try mountTmpfs(directory, size: "256k")
        defer { unmount(directory) }
        try p.require(try ChildProcess.run(["sh", "-c", "cp -a \"$0\"/. \"$1\"/", saved, directory]).status == 0)
        // Fill what is left; dd stops at ENOSPC.
        _ = try ChildProcess.run(["dd", "if=/dev/zero", "of=\(directory)/filler", "bs=4k"])
        let before = try String(contentsOfFile: conf, encoding: .utf8)
        let full = try run(lab)
        p.expect(full.status != 0, "\(full.output)")
        p.expect(full.output.contains("No space left on device"), "\(full.output)")
        try p.expect(try String(contentsOfFile: conf, encoding: .utf8) == before, "postgresql.conf changed on a full disk")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") }
        p.expect(leftovers.isEmpty, "half-written files left: \(leftovers)")
        try FileManager.default.removeItem(atPath: directory + "/filler")
        let again = try run(lab)
        p.expect(again.status == 0, "\(again.output)")
        p.expect(again.output.contains("verification passed"), "\(again.output)")
    }

    /// A second wizard on the same standby while the first is in the
    /// middle of the copy: refused with the first one's PID. The first
    /// then dies with kill -9; its copy dies with it, and the next run
    /// resumes and finishes.
    static func secondWizardOnTheSameStandby(_ p: Problems) throws {
        let lab = try p.lab("f2w")
        let first = StoppedRun(at: "secondary-base-backup", scratch: lab.scratch, logName: "first.log",
                               argv: [BuiltBinary.path, "run", "--answers", lab.answersPath, "--mode", "lab"])
        let pid = try p.require(first.waitUntilStopped().map(String.init), first.output)
        let second = try run(lab)
        p.expect(second.status != 0, "\(second.output)")
        p.expect(second.output.contains(pid), "the refusal does not name the first wizard (\(pid)):\n\(second.output)")
        try p.expect(try LabTests.KillEveryStepTests.killWhenStopped(pidFile: first.pidFile, exited: { first.finished.isSet }))
        let again = try run(lab)
        p.expect(again.output.contains("Resuming from"), "\(again.output)")
        p.expect(again.status == 0, "\(again.output)")
        try ReplicationProof.check(lab.answers, table: "fault_second_wizard")
    }

    /// The primary stops in the middle of the copy: the step fails saying
    /// the primary closed the connection, pg_basebackup leaves the emptied
    /// directory (the old data stays set aside), and once the primary is
    /// back the same command resumes at the copy and finishes.
    static func primaryStopsDuringTheCopy(_ p: Problems) throws {
        let lab = try p.lab("fpc")
        let version = try p.require(lab.answers["PRIMARY_PG_VERSION"])
        let cluster = try p.require(lab.answers["PRIMARY_PG_CLUSTER"])
        try addBulk(lab, p)
        let copying = StoppedRun(at: "secondary-base-backup", scratch: lab.scratch, logName: "copy-cut.log",
                                 argv: [BuiltBinary.path, "run", "--answers", lab.answersPath, "--mode", "lab"])
        let pid = try p.require(copying.waitUntilStopped(), copying.output)
        // The copy runs on while the wizard is stopped; the primary goes.
        try p.require(try ChildProcess.run(["pg_ctlcluster", version, cluster, "stop", "-m", "fast"]).status == 0)
        kill(pid, SIGCONT)
        _ = copying.waitUntilFinished()
        let cut = copying.output
        p.expect(cut.contains("stopped at step secondary-base-backup"), cut)
        p.expect(cut.contains("primary-closed-connection"), "no diagnosis that the primary went away:\n\(cut)")
        let data = try p.require(lab.values["SECONDARY_PG_DATA"])
        p.expect(!FileManager.default.fileExists(atPath: data + "/PG_VERSION"), "a cut-off copy is left as if it were whole")
        try p.require(try ChildProcess.run(["pg_ctlcluster", version, cluster, "start"]).status == 0)
        let again = try run(lab)
        p.expect(again.output.contains("Resuming from"), "\(again.output)")
        p.expect(again.status == 0, "\(again.output)")
        try ReplicationProof.check(lab.answers, table: "fault_copy_cut")
    }

    /// `lab down` takes the wizard's backups in the lab clusters'
    /// configuration directories with it: the next `lab up` of the same
    /// names starts clean.
    static func labDownLeavesNoBackups(_ p: Problems) throws {
        var configDirectories: [String] = []
        do {
            let lab = try TestLab("fld")
            configDirectories = [HostRole.primary, .secondary].compactMap { HostAnswers($0, values: lab.values).configDirectory }
            let built = try run(lab)
            p.expect(built.status == 0, "\(built.output)")
            for directory in configDirectories {
                let backups = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".standby-wizard.") }
                p.expect(!backups.isEmpty, "the walkthrough made no backup in \(directory)")
            }
        }
        // TestLab's deinit ran `lab down`.
        for directory in configDirectories {
            p.expect(!FileManager.default.fileExists(atPath: directory), "\(directory) outlived lab down: \(segmentNames(in: directory))")
        }
    }

    static var faults: [Fault] { [
        Fault(name: "archive file system full, then room again", body: archiveDiskFull),
        Fault(name: "primary stopped before the standby's part", body: primaryStopsBeforeTheStandby),
        Fault(name: "configuration file system full during an edit", body: configurationDiskFull),
        Fault(name: "a second wizard on the same standby, then kill -9 of the first", body: secondWizardOnTheSameStandby),
        Fault(name: "primary stopped in the middle of the copy", body: primaryStopsDuringTheCopy),
        Fault(name: "lab down removes the wizard's backups", body: labDownLeavesNoBackups),
        Fault(name: "SIGTERM of the wizard in the middle of the copy", body: terminatedDuringTheCopy),
        Fault(name: "SIGHUP of the screen in the middle of the copy (the ssh session drops)", body: hungUpDuringTheCopy),
        Fault(name: "the standby's file system fills during the copy", body: standbyDiskFullDuringTheCopy),
        Fault(name: "the standby's log rotated (copytruncate) while a gate reads it", body: logRotatedDuringTheGate),
        Fault(name: "a server that never answers: timed out unattended, Ctrl-C on the screen", body: aServerThatNeverAnswers),
    ] }

    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func everyFaultEndsClearAndResumable() throws {
        var clear = 0
        var lost = 0
        // STANDBY_WIZARD_FAULTS=WORD runs only the faults whose name holds
        // it, while one is being worked on; the tally says how many ran.
        let only = ProcessInfo.processInfo.environment["STANDBY_WIZARD_FAULTS"]
        let faults = Self.faults.filter { fault in only.map { fault.name.contains($0) } ?? true }
        for fault in faults {
            let problems = Problems()
            do {
                try fault.body(problems)
            } catch is Problems.Stop {
            } catch {
                problems.lines.append("\(error)")
            }
            if problems.dataLost { lost += 1; problems.lines.append("data lost") }
            // The labs go (lab down) before the next fault makes its own.
            problems.labs = []
            if problems.lines.isEmpty { clear += 1 }
            print("fault: \(fault.name): " + (problems.lines.isEmpty ? "clear and resumable" : "NOT clear"))
            for line in problems.lines { Issue.record("\(fault.name): \(line)") }
        }
        print("faults: \(faults.count) tried, \(clear) ended clear and resumable, \(lost) data lost")
        #expect(clear == faults.count)
        #expect(lost == 0)
    }
}
}
