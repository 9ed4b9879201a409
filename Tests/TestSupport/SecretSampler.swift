import Foundation

/// Watches every process on the machine while a test does its work, and
/// notes each one whose command line or environment shows the secret:
/// `ps -eo args` now and then, and between two runs of it (slow on a
/// loaded machine) /proc/*/cmdline and /proc/*/environ read directly, so a
/// short-lived process is not missed. Reading another user's environment
/// needs root; `environmentsRead` says how many were read.
public final class SecretSampler: @unchecked Sendable {
    private let secret: [UInt8]
    private let secretText: String
    private let lock = NSLock()
    private var running = false
    private var passes = 0
    private var environments = 0
    private var leaks: [String] = []
    private let done = DispatchSemaphore(value: 0)

    public struct Report: Sendable {
        /// Full passes over /proc.
        public var passes: Int
        /// Environments read over all passes.
        public var environmentsRead: Int
        /// "pid N (comm) cmdline|environ|ps: text" per sighting.
        public var leaks: [String]
    }

    public init(secret: String) {
        self.secret = Array(secret.utf8)
        secretText = secret
    }

    public func start() {
        lock.withLock { running = true }
        Thread.detachNewThread { [self] in
            while lock.withLock({ running }) {
                let listed = (try? ChildProcess.run(["/bin/ps", "-eo", "args"]).output) ?? ""
                var found = listed.split(separator: "\n").filter { $0.contains(secretText) }.map { "ps: \($0)" }
                var read = 0
                for _ in 0..<10 {
                    let (sightings, environmentsRead) = scanProc()
                    found += sightings
                    read += environmentsRead
                    usleep(1_000)
                }
                lock.withLock {
                    passes += 10
                    environments += read
                    leaks += found
                }
            }
            done.signal()
        }
    }

    public func stop() -> Report {
        lock.withLock { running = false }
        done.wait()
        return lock.withLock { Report(passes: passes, environmentsRead: environments, leaks: leaks) }
    }

    private func scanProc() -> ([String], Int) {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).filter { Int($0) != nil }
        var found: [String] = []
        var environmentsRead = 0
        for pid in pids {
            for part in ["cmdline", "environ"] {
                guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/\(part)") else { continue }
                if part == "environ" { environmentsRead += 1 }
                let bytes = [UInt8](data)
                guard bytes.contains(secret) else { continue }
                let comm = (FileManager.default.contents(atPath: "/proc/\(pid)/comm")).map { String(decoding: $0, as: UTF8.self) } ?? "?"
                let text = String(decoding: bytes.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
                found.append("pid \(pid) (\(comm.trimmingCharacters(in: .whitespacesAndNewlines))) \(part): \(text)")
            }
        }
        return (found, environmentsRead)
    }
}
