import Foundation
import StandbyCore
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real binary holding a temporary password file (a command step that
/// logs in as the replication role and takes its time), ended by a signal:
/// the file goes with the wizard, or, after SIGKILL, which no handler
/// sees, with the next wizard to start.
@Suite("Temporary password files go however the wizard ends", .serialized, .enabled(if: Tmux.installed, Tmux.missing))
struct PasswordFileCleanupTests {
    static let step = """
        id: hold
        title: Hold a password file
        host: primary
        text: Logs in as the replication role, slowly.
        action:
          command:
            as: operator
            run: sleep 600 && echo -U $REP_USER

        """
    static let answers = """
        PRIMARY_PG_IP: 192.0.2.10
        PRIMARY_PG_VERSION: 15
        SECONDARY_PG_IP: 192.0.2.20
        SECONDARY_PG_VERSION: 15
        REP_USER: replicator
        REP_USER_PW: held-\(UUID().uuidString.prefix(8))

        """

    @Test(arguments: [("run", "TERM", 15), ("run", "HUP", 1), ("interactive", "TERM", 15), ("run", "KILL", 9)])
    func theFileGoes(mode: String, signal: String, number: Int32) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("held-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch + "/screens", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try Self.step.write(toFile: scratch + "/screens/010-hold.yaml", atomically: false, encoding: .utf8)
        try Self.answers.write(toFile: scratch + "/answers.yaml", atomically: false, encoding: .utf8)
        let arguments = mode == "run" ? ["run", "--mode", "lab"] : []
        let session = try TmuxSession([BuiltBinary.path] + arguments + ["--answers", scratch + "/answers.yaml", "--screens", scratch + "/screens"],
                                      environment: ["XDG_STATE_HOME": scratch + "/state"])
        if mode == "interactive" {
            try session.waitFor("Step 1 of 1")
            try session.press("Enter")
            try session.waitFor("y run it")
            try session.press("y")
        }
        let pid = try #require(pid_t(try session.programPid()))
        let held = try waitForFile(of: pid)
        #expect(FileManager.default.fileExists(atPath: held + "/pgpass"))

        kill(pid, Int32(number))
        #expect(try session.waitForExit() == 128 + Int(number))
        if signal == "KILL" {
            #expect(FileManager.default.fileExists(atPath: held), "nothing runs on SIGKILL, yet the file went")
            let next = try ChildProcess.run([BuiltBinary.path, "--version"])
            #expect(next.status == 0)
        }
        #expect(!FileManager.default.fileExists(atPath: held), "\(held) outlived the wizard")
    }

    /// The wizard's own password file directory, once its command started.
    func waitForFile(of pid: pid_t) throws -> String {
        let prefix = TemporaryPasswordFiles.namePrefix + "\(pid)-"
        for _ in 0..<500 {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: TemporaryPasswordFiles.parent)) ?? []
            if let name = names.first(where: { $0.hasPrefix(prefix) }) { return TemporaryPasswordFiles.parent + "/" + name }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record("the wizard \(pid) made no password file")
        throw TmuxSession.TmuxError.timeout("password file")
    }
}
