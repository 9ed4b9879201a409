import Foundation
@testable import StandbyCore
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Faults in the middle of pg_basebackup, the longest step and the one an
/// operator most often loses to a dropped session or a full disk.
extension SecondLabLine.FaultSuiteTests {
    /// Enough data on the primary that the copy takes seconds, not a blink.
    static func addBulk(_ lab: TestLab, _ p: Problems) throws {
        let sql = "CREATE TABLE fault_bulk AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 1500000) g"
        _ = try lab.sql(.primary).query(sql)
        try p.require(try lab.sql(.primary).query("SELECT count(*) > 0 FROM fault_bulk") == "t")
    }

    /// pg_basebackup processes still copying from this lab's primary.
    static func copiesRunning(from lab: TestLab) -> [String] {
        let port = lab.answers["PRIMARY_PG_PORT"] ?? "?"
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return pids.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let argv = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard argv.first?.hasSuffix("pg_basebackup") == true, argv.contains(port) else { return nil }
            return "\(pid): " + argv.joined(separator: " ")
        }
    }

    /// Waits up to `seconds` for the lab's copy to be running: the wizard
    /// stops itself as soon as it has started the command, and the shell
    /// (and runuser) in front of pg_basebackup may not have exec'd it yet
    /// on a busy machine.
    static func copyStarted(_ lab: TestLab, seconds: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while copiesRunning(from: lab).isEmpty {
            guard Date() < deadline else { return false }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return true
    }

    /// Waits up to `seconds` for the lab's copies to be gone.
    static func noCopyLeft(_ lab: TestLab, seconds: TimeInterval = 10) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        var left = copiesRunning(from: lab)
        while !left.isEmpty && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            left = copiesRunning(from: lab)
        }
        return left
    }

    /// After the wizard went in the middle of the copy: its copy went too,
    /// and the next run resumes at the copy and ends replicating.
    static func expectCopyGoneThenResumed(_ lab: TestLab, _ p: Problems, table: String) throws {
        let left = noCopyLeft(lab)
        p.expect(left.isEmpty, "copies outlived the wizard: \(left)")
        let again = try run(lab)
        p.expect(again.output.contains("Resuming from"), "\(again.output)")
        p.expect(again.status == 0, "\(again.output)")
        try ReplicationProof.check(lab.answers, table: table)
    }

    /// The wizard gets SIGTERM while pg_basebackup runs: it stops the copy
    /// before it goes, says where it stopped, and the next run resumes at
    /// the copy and finishes.
    static func terminatedDuringTheCopy(_ p: Problems) throws {
        let lab = try p.lab("fst")
        try addBulk(lab, p)
        let copying = StoppedRun(at: "secondary-base-backup", scratch: lab.scratch, logName: "terminated.log",
                                 argv: [BuiltBinary.path, "run", "--answers", lab.answersPath, "--mode", "lab"])
        let pid = try p.require(copying.waitUntilStopped(), copying.output)
        try p.require(copyStarted(lab), "no copy was running when the wizard stopped")
        kill(pid, SIGTERM)
        kill(pid, SIGCONT)
        try p.require(copying.waitUntilFinished(limit: 60), "the wizard outlived SIGTERM by a minute")
        try expectCopyGoneThenResumed(lab, p, table: "fault_terminated")
    }

    /// The operator's ssh session drops while the screen shows the copy
    /// (SIGHUP): the copy stops with the wizard, the terminal is given
    /// back, and the next run resumes at the copy and finishes.
    static func hungUpDuringTheCopy(_ p: Problems) throws {
        let lab = try p.lab("fhu")
        try addBulk(lab, p)
        let pidFile = lab.scratch + "/screen.pid"
        let session = try TmuxSession([BuiltBinary.path, "lab", "open"] + lab.flags, width: 80, height: 24,
                                      // xterm's alternate screen: its switch back says the terminal was given back.
                                      environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8",
                                                    "STANDBY_WIZARD_STOP_AT": "secondary-base-backup:\(pidFile)"])
        try session.waitFor("Step 1 of", limit: .seconds(60))
        let (screen, visited) = try LabWalk.walk(session) { _ in FileManager.default.fileExists(atPath: pidFile) }
        let text = try p.require(try? String(contentsOfFile: pidFile, encoding: .utf8), "the screen never reached the copy: \(visited)\n\(screen)")
        let pid = try p.require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        try p.require(copyStarted(lab), "no copy was running when the wizard stopped")
        kill(pid, SIGHUP)
        kill(pid, SIGCONT)
        try p.expect(try session.waitForExit(limit: .seconds(60)) == 128 + Int(SIGHUP), session.rawBytes().suffix(400).description)
        p.expect(session.terminalWasRestored(), "the terminal was not given back")
        try expectCopyGoneThenResumed(lab, p, table: "fault_hung_up")
    }

    /// The standby's file system fills while pg_basebackup writes (another
    /// program takes the room the check before change saw free): a lab in
    /// the data-directory layout whose standby directory is a tmpfs of the
    /// test's own. The copy fails saying the disk is full, no half copy
    /// looks whole, the old data stays set aside; with room again the next
    /// run resumes at the copy and finishes.
    static func standbyDiskFullDuringTheCopy(_ p: Problems) throws {
        let packaged = try p.require(InstalledServer.newest(on: LocalHost()), "no packaged server")
        let lab = try p.lab("fsf", upFlags: ["--bindir", packaged.binDirectory])
        let data = try p.require(lab.values["SECONDARY_PG_DATA"])
        let primaryData = try p.require(lab.values["PRIMARY_PG_DATA"])
        let base = (data as NSString).deletingLastPathComponent
        let pgCtl = ["runuser", "-u", "postgres", "--", packaged.binDirectory + "/pg_ctl", "-D", data, "-m", "fast", "-w"]
        // The standby's server must not run over the directory a mount is
        // about to cover; the walkthrough would stop it anyway.
        try p.require(try ChildProcess.run(pgCtl + ["stop"]).status == 0)
        try addBulk(lab, p)
        func megabytes(_ path: String) throws -> Int {
            try ChildProcess.run(["du", "-sm", path]).output.split(separator: "\t").first.flatMap { Int($0) } ?? 0
        }
        let saved = lab.scratch + "/standby-saved"
        try p.require(try ChildProcess.run(["cp", "-a", base, saved]).status == 0)
        // Enough for the check before change (the copy with room to spare)
        // and the old data set aside.
        let size = try megabytes(base) + megabytes(primaryData) * 2 + 64
        try mountTmpfs(base, size: "\(size)m")
        defer {
            _ = try? ChildProcess.run(pgCtl + ["stop"])
            unmount(base)
        }
        try p.require(try ChildProcess.run(["sh", "-c", "cp -a \"$0\"/. \"$1\"/", saved, base]).status == 0)
        // Stopped as the old data is set aside, after the check before
        // change found room: another program then takes all but 64 MB, and
        // the copy (hundreds of MB) runs out in the middle.
        let copying = StoppedRun(at: "secondary-set-aside", scratch: lab.scratch, logName: "disk-full.log",
                                 argv: [BuiltBinary.path, "run", "--answers", lab.answersPath, "--mode", "lab"])
        let pid = try p.require(copying.waitUntilStopped(), copying.output)
        var room = statvfs()
        try p.require(statvfs(base, &room) == 0)
        let free = Int(room.f_bavail) * Int(room.f_frsize) / (1024 * 1024)
        _ = try ChildProcess.run(["dd", "if=/dev/zero", "of=\(base)/filler", "bs=1M", "count=\(max(free - 64, 1))"])
        kill(pid, SIGCONT)
        _ = copying.waitUntilFinished()
        let full = copying.output
        p.expect(full.contains("stopped at step secondary-base-backup"), full)
        p.expect(full.contains("No space left on device"), "the cause is not said:\n\(full)")
        p.expect(full.contains("[diagnosis: disk-full"), "no diagnosis:\n\(full)")
        p.expect(!FileManager.default.fileExists(atPath: data + "/PG_VERSION"), "a cut-off copy is left as if it were whole")
        try FileManager.default.removeItem(atPath: base + "/filler")
        let again = try run(lab)
        p.expect(again.output.contains("Resuming from"), "\(again.output)")
        p.expect(again.status == 0, "\(again.output)")
        try ReplicationProof.check(lab.answers, table: "fault_standby_full")
    }
}
