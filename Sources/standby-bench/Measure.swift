import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One process's run: wall time from start to exit, its peak resident
/// memory, and what it printed. ru_maxrss will not do: exec folds the
/// spawning process's own peak into it, so every child would seem to use
/// at least the bench's memory. The peak is the child's VmHWM instead, as
/// it reported it itself (the bench's children) or as sampled from /proc
/// while it ran (the plain tools: a lower bound).
struct ProcessRun {
    var seconds: Double
    var peakKiB: Int
    var output: String
}

enum Measure {
    /// Runs `argv` (argv[0] a path) with stdout into a file, waits with
    /// wait4 so the rusage is that child's own.
    static func run(_ argv: [String], environment: [String: String]? = nil) throws -> ProcessRun {
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("standby-bench-\(UUID().uuidString).out").path
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = now()
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
        guard rc == 0 else { throw BenchError("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        let sampler = PeakSampler(pid: pid)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let seconds = now() - started
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let reported = output.split(separator: "\n").last { $0.hasPrefix("peakKiB=") }.flatMap { Int($0.dropFirst(8)) }
        if (status & 0x7f) != 0 || ((status >> 8) & 0xff) > 1 {
            throw BenchError("\(argv.joined(separator: " ")) failed (status \(status)): \(output.suffix(400))")
        }
        return ProcessRun(seconds: seconds, peakKiB: reported ?? sampler.stop(), output: output)
    }

    /// The bench itself again, to run one measurement in a fresh process.
    static func child(_ arguments: [String]) throws -> ProcessRun {
        try run([selfPath] + ["--child"] + arguments)
    }

    static var selfPath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// The seconds a child reported on its last line ("seconds=…"), when
    /// it timed only its work and not its own start.
    /// A `name=number` line a child printed, or nil.
    static func reported(_ name: String, _ run: ProcessRun) -> Double? {
        run.output.split(separator: "\n").last { $0.hasPrefix(name + "=") }.flatMap { Double($0.dropFirst(name.count + 1)) }
    }

    static func reportedSeconds(_ run: ProcessRun) throws -> Double {
        guard let line = run.output.split(separator: "\n").last(where: { $0.hasPrefix("seconds=") }),
              let value = Double(line.dropFirst("seconds=".count)) else {
            throw BenchError("child reported no time: \(run.output.suffix(400))")
        }
        return value
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ text: String) { description = text }
}

/// Finds a program on PATH, as the shell would.
func which(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(dir)/\(name)"
        if access(path, X_OK) == 0 { return path }
    }
    return nil
}

/// This process's peak resident memory (VmHWM) in KiB.
func ownPeakKiB() -> Int { peakKiB(of: "self") ?? 0 }

func peakKiB(of pid: String) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
    return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
}

/// Reads a running child's VmHWM every millisecond on a thread of its own,
/// so the wait for the child is not slowed.
final class PeakSampler: @unchecked Sendable {
    private let lock = NSLock()
    private var peak = 0
    private var running = true

    init(pid: pid_t) {
        Thread.detachNewThread { [self] in
            while true {
                lock.lock(); let go = running; lock.unlock()
                guard go else { return }
                if let kib = peakKiB(of: String(pid)) { lock.lock(); peak = max(peak, kib); lock.unlock() }
                usleep(1000)
            }
        }
    }

    func stop() -> Int {
        lock.lock(); defer { lock.unlock() }
        running = false
        return peak
    }
}
