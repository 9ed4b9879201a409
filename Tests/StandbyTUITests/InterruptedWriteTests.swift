import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A writer killed after the new text is complete but before it replaces
/// the file leaves the original in place, byte for byte.
@Suite("Interrupted write")
struct InterruptedWriteTests {
    @Test func killedBetweenWriteAndRenameLeavesTheOriginalIntact() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("interrupt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/postgresql.conf"
        let original = "# original\r\nwal_level = minimal\r\nport = 5432"
        let replacement = String(repeating: "wal_level = replica\n", count: 50_000)
        try original.write(toFile: target, atomically: false, encoding: .utf8)
        try replacement.write(toFile: dir + "/new", atomically: false, encoding: .utf8)
        let pidFile = dir + "/writer.pid"

        // ChildProcess.run waits for the child; it runs on its own thread while
        // this one finds the stopped writer and kills it.
        let finished = DispatchSemaphore(value: 0)
        let status = Locked<Int32?>(nil)
        Thread.detachNewThread {
            let result = try? ChildProcess.run(["/usr/bin/env", "STANDBY_WIZARD_PAUSE_BEFORE_RENAME=\(pidFile)",
                                         BuiltBinary.path, "_write-file", target, "--from", dir + "/new"])
            status.set(result?.status)
            finished.signal()
        }
        let pid: pid_t
        do {
            pid = try waitForStoppedWriter(pidFile: pidFile)
        } catch {
            killOurWriter(pidFile: pidFile, target: target)
            throw error
        }
        // Stopped after fsync of the temporary file, before the rename: the
        // complete new text sits beside the untouched original.
        let temporaries = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains("standby-wizard-tmp") }
        #expect(temporaries.count == 1)
        if let temporary = temporaries.first {
            #expect(FileManager.default.contents(atPath: dir + "/" + temporary) == Data(replacement.utf8))
        }
        #expect(FileManager.default.contents(atPath: target) == Data(original.utf8))

        kill(pid, SIGKILL)
        #expect(finished.wait(timeout: .now() + 30) == .success)
        #expect(status.get() == 128 + SIGKILL)
        #expect(FileManager.default.contents(atPath: target) == Data(original.utf8))
        let backups = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("postgresql.conf.standby-wizard.") }
        #expect(backups.count == 1, "the backup made before the write stays")
    }

    @Test func withoutInterruptionTheFileIsReplaced() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("write-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "old\n".write(toFile: dir + "/f.conf", atomically: false, encoding: .utf8)
        try "new\n".write(toFile: dir + "/new", atomically: false, encoding: .utf8)
        let result = try ChildProcess.run([BuiltBinary.path, "_write-file", dir + "/f.conf", "--from", dir + "/new"])
        #expect(result.status == 0, "\(result.output)")
        #expect(FileManager.default.contents(atPath: dir + "/f.conf") == Data("new\n".utf8))
    }

    /// The writer's pid once /proc says it is stopped (state T).
    private func waitForStoppedWriter(pidFile: String) throws -> pid_t {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
               let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
               let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
               let close = stat.lastIndex(of: ")") {
                let state = stat[stat.index(close, offsetBy: 2)]
                if state == "T" { return pid }
            }
            usleep(20_000)
        }
        throw StoppedWriterTimeout()
    }

    /// After a failure, the writer must not stay stopped forever; it is
    /// killed only if /proc shows it is still our writer of `target`.
    private func killOurWriter(pidFile: String, target: String) {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
              let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
              let commandLine = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
              String(decoding: commandLine, as: UTF8.self).contains(target) else { return }
        kill(pid, SIGKILL)
    }

    struct StoppedWriterTimeout: Error {}
}

/// A value shared with the spawning thread.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
}
