import Foundation
import StandbyCore
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The world interfering with the real binary in tmux: a configuration
/// file changed by someone else while its diff is on the screen, and a
/// real SIGINT sent to the wizard's process while a command runs.
extension TmuxEndToEndTests {
    static func answers(cluster: TestCluster) -> String {
        """
        PRIMARY_PG_IP: 192.0.2.10
        PRIMARY_PG_PORT: \(cluster.port)
        PRIMARY_PG_VERSION: \(cluster.majorVersion)
        PRIMARY_PG_CLUSTER: \(cluster.dataDirectory)
        SECONDARY_PG_IP: 192.0.2.20
        SECONDARY_PG_VERSION: \(cluster.majorVersion)
        REP_USER: replicator

        """
    }

    /// A scratch directory with one step file and an answers file.
    static func scratch(step: String, answers: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("interfere-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path + "/screens", withIntermediateDirectories: true)
        try step.write(toFile: path + "/screens/010-step.yaml", atomically: false, encoding: .utf8)
        try answers.write(toFile: path + "/answers.yaml", atomically: false, encoding: .utf8)
        return path
    }

    @Test(Needs.postgreSQL) func anEditRefusesAFileChangedSinceItsDiffWasShown() throws {
        let cluster = try TestCluster(name: "drift")
        let conf = cluster.dataDirectory + "/postgresql.conf"
        let scratch = try Self.scratch(step: """
            id: settings
            title: Turn on replication
            host: primary
            text: Sets wal_level.
            action:
              edit:
                file: postgresql.conf
                settings:
                  wal_level: replica

            """, answers: Self.answers(cluster: cluster))
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let session = try TmuxSession([BuiltBinary.path, "--answers", scratch + "/answers.yaml", "--screens", scratch + "/screens"],
                                      width: 80, height: 24)
        try session.waitFor("+ wal_level = replica")

        // Someone else edits the file while the diff is on the screen.
        let theirs = try String(contentsOfFile: conf, encoding: .utf8) + "work_mem = '64MB'   # another admin\n"
        let handle = try #require(FileHandle(forWritingAtPath: conf))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("work_mem = '64MB'   # another admin\n".utf8))
        try handle.close()

        try session.press("Enter")
        // Refused, showing what changed on disk in place of the proposal.
        let refused = try session.waitFor("A file changed since this diff was made")
        #expect(refused.contains("+ work_mem = '64MB'   # another admin"), "\(refused)")
        #expect(refused.contains("r plan again"), "\(refused)")
        #expect(try String(contentsOfFile: conf, encoding: .utf8) == theirs, "the wizard wrote over the other change")
        let backups = try FileManager.default.contentsOfDirectory(atPath: cluster.dataDirectory)
            .filter { $0.contains(".standby-wizard.") }
        #expect(backups.isEmpty, "\(backups)")
        try session.press("F10")
        #expect(try session.waitForExit() == 0)
        #expect(try String(contentsOfFile: conf, encoding: .utf8) == theirs)
    }

    /// SIGINT from outside, as a terminal's Ctrl-C is: to the wizard's
    /// process, not a key it reads. The command it runs stops; the wizard
    /// stays, offering a retry, and quits normally afterwards.
    @Test func aRealSigintStopsTheCommandAndTheWizardLives() throws {
        let scratch = try Self.scratch(step: """
            id: slow
            title: A slow command
            host: local
            text: Takes its time.
            action:
              command:
                as: operator
                run: echo started; sleep 600; echo never

            """, answers: "")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let session = try TmuxSession([BuiltBinary.path, "--screens", scratch + "/screens"], width: 80, height: 24)
        try session.waitFor("Step 1 of 1")
        try session.press("Enter")
        try session.waitFor("y run it")
        try session.press("y")
        try session.waitFor("started")
        let wizard = try #require(pid_t(try session.programPid()))
        let commands = Self.children(of: wizard)
        try #require(!commands.isEmpty, "the wizard runs no command")

        kill(wizard, SIGINT)
        let stopped = try session.waitFor("r retry")
        #expect(stopped.contains("Failed: killed by signal 2"), "\(stopped)")
        let output = stopped.components(separatedBy: "-- output").last ?? ""
        #expect(output.contains("started") && !output.contains("never"), "\(stopped)")
        #expect(kill(wizard, 0) == 0, "the wizard died of the signal")
        #expect(Self.gone(commands), "the command outlived Ctrl-C: \(commands)")
        #expect(!session.rawBytes().contains("[exit "), "the wizard exited")

        try session.press("q")
        try session.waitFor("Quit standby-wizard?")
        try session.press("y")
        #expect(try session.waitForExit() == 0)
    }

    static func children(of pid: pid_t) -> [pid_t] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { task in
            ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? "")
                .split(separator: " ").compactMap { pid_t($0) }
        }
    }

    /// True once none of `pids` is running (a zombie not yet reaped counts
    /// as gone: it runs nothing).
    static func gone(_ pids: [pid_t]) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let running = pids.filter { pid in
                guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
                return !(stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? false)
            }
            if running.isEmpty { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}
