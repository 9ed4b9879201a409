import CBench
import Foundation
import StandbyCore
#if canImport(Glibc)
import Glibc
#endif

/// The gate over newly appended log against `grep -cE` over the same bytes.
enum LogGateBench {
    static let pattern = "(ERROR|FATAL|PANIC):"

    /// In a child: a log of `oldBytes` (a sparse hole: the gate must not
    /// read it), a gate set up on it, then `region` appended in the kernel
    /// (copy_file_range: no memory of ours), then polls until the gate has
    /// read it all. Prints the seconds the polls took.
    static func child(region: String, oldBytes: Int, scratch: String) throws {
        let log = scratch + "/gate-\(getpid()).log"
        defer { unlink(log) }
        let fd = open(log, O_RDWR | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw BenchError("cannot create \(log)") }
        defer { close(fd) }
        if oldBytes > 0 { ftruncate(fd, off_t(oldBytes)) }
        let gate = LogGate(stepID: "bench", gate: GateAction(expect: [.acceptingConnections], timeoutSeconds: 3600),
                           host: .primary, location: LogLocation(path: log, reason: "bench"),
                           prefix: LogLinePrefix(LogText.prefix), reading: LocalHost())
        let source = open(region, O_RDONLY)
        guard source >= 0 else { throw BenchError("cannot open \(region)") }
        defer { close(source) }
        var size = stat()
        fstat(source, &size)
        lseek(fd, 0, SEEK_END)
        let rc = cbench_append_file(source, fd)
        guard rc == 0 else { throw BenchError("copy_file_range failed: \(String(cString: strerror(rc)))") }
        let started = Measure.now()
        var polls = 0
        // Polled back to back, as the screen's loop does while the gate is
        // behind; each poll scans for its budget and gives the loop back.
        var longest = 0.0
        while gate.bytesRead < UInt64(size.st_size) || gate.isBehind {
            let pollStarted = Measure.now()
            gate.poll()
            longest = max(longest, Measure.now() - pollStarted)
            polls += 1
        }
        let seconds = Measure.now() - started
        print("polls=\(polls)")
        print("longestPoll=\(longest)")
        print("peakKiB=\(ownPeakKiB())")
        print("seconds=\(seconds)")
    }

    static func rows(quick: Bool, runs: Int, scratch: Scratch) throws -> [Row] {
        let bytes = quick ? 16 << 20 : 1 << 30
        let old = quick ? 64 << 20 : 4 << 30
        let region = scratch.file("region.log")
        let exact = try LogText.makeFile(region, bytes: bytes)
        defer { unlink(region) }
        guard let grep = which("grep") else { throw BenchError("grep is not installed") }
        var gate: [Double] = [], gatePeak = 0, withOld: [Double] = [], baseline: [Double] = [], grepPeak = 0
        var longestPoll = 0.0
        for index in 0..<runs {
            // Each run leaves a gigabyte of dirty pages the kernel writes
            // back while the next one runs: the two gates take turns at
            // going first, or the one always second pays for it (1.2x).
            func plain() throws {
                let run = try Measure.child(["log-gate", region, "0", scratch.path])
                gate.append(try Measure.reportedSeconds(run))
                gatePeak = max(gatePeak, run.peakKiB)
                longestPoll = max(longestPoll, Measure.reported("longestPoll", run) ?? 0)
            }
            func aged() throws {
                withOld.append(try Measure.reportedSeconds(try Measure.child(["log-gate", region, String(old), scratch.path])))
            }
            if index % 2 == 0 { try plain(); try aged() } else { try aged(); try plain() }
            let g = try Measure.run([grep, "-cE", pattern, region])
            baseline.append(g.seconds)
            grepPeak = max(grepPeak, g.peakKiB)
        }
        let size = mib(exact)
        let input = "\(size) region, N=\(runs)"
        let gateRow = Row(name: "log gate", input: input, project: Measure.median(gate), baseline: Measure.median(baseline),
                          projectPeakKiB: gatePeak, baselinePeakKiB: grepPeak, target: "ratio <= 1.0, peak <= 32 MiB",
                          met: Measure.median(gate) <= Measure.median(baseline) && gatePeak <= 32 << 10,
                          note: String(format: "baseline: grep -cE '%@' over the same bytes (whole process); longest single poll (the screen's loop waits that long) %.0f ms",
                                       pattern, longestPoll * 1000))
        let oldRow = Row(name: "log gate, old log", input: "\(mib(old)) old + \(size) new, N=\(runs)",
                         project: Measure.median(withOld), baseline: Measure.median(gate), target: "ratio <= 1.1",
                         met: Measure.median(withOld) <= 1.1 * Measure.median(gate),
                         note: "baseline: the same gate with no old log; the old part is a sparse file, never read")
        return [gateRow, oldRow]
    }
}

func mib(_ bytes: Int) -> String {
    bytes >= 1 << 30 ? String(format: "%.0f GiB", Double(bytes) / Double(1 << 30)) : String(format: "%.0f MiB", Double(bytes) / Double(1 << 20))
}
