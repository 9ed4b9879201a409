import CByteSearch
import CPty
import Foundation
import StandbyCore
#if canImport(Glibc)
import Glibc
#endif

/// Time from starting a program on an 80x24 pseudo-terminal until a word
/// of its first screen has been written there: what a person waits for.
enum FirstFrame {
    static func time(_ argv: [String], until marker: String, environment: [String: String], timeout: Double = 20) throws -> Double {
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var master: Int32 = -1
        var pid: pid_t = 0
        let started = Measure.now()
        let rc = cpty_spawn(argv[0], cArgs, cEnv, nil, 24, 80, &master, &pid)
        guard rc == 0 else { throw BenchError("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        defer {
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            close(master)
        }
        let needle = Array(marker.utf8)
        var seen: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while Measure.now() - started < timeout {
            var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            _ = poll(&fds, 1, 50)
            let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n > 0 {
                seen += buffer[0..<n]
                if contains(seen, needle) { return Measure.now() - started }
            } else if n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) {
                break
            }
        }
        throw BenchError("\(argv[0]) never drew \"\(marker)\"; it wrote: \(String(decoding: seen.suffix(300), as: UTF8.self))")
    }

    private static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard hay.count >= needle.count else { return false }
        return hay.withUnsafeBytes { h in needle.withUnsafeBytes { n in cbytesearch_find(h.baseAddress, h.count, n.baseAddress, n.count) != nil } }
    }

    /// In a child: loads the built-in screens once, as a fresh wizard
    /// does before its first frame, and prints the seconds that took.
    static func screensChild() throws {
        let started = Measure.now()
        let loaded = ScreenLoader.load(sources: BuiltInScreens.files)
        let seconds = Measure.now() - started
        guard loaded.problems.isEmpty, !loaded.screens.isEmpty else { throw BenchError("the built-in screens did not load") }
        print("screens=\(loaded.screens.count)")
        print("seconds=\(seconds)")
    }

    /// The binaries to time: the one given; else the static build (what
    /// operators copy and the .deb holds) judged against the target, with
    /// the dynamic one beside it for information; else the dynamic one.
    static func binaries(given: String?) -> [(label: String, path: String, judged: Bool)] {
        if let given { return [(given, given, true)] }
        let dynamic = URL(fileURLWithPath: Measure.selfPath).deletingLastPathComponent().appendingPathComponent("standby-wizard").path
        let staticBuild = FileManager.default.currentDirectoryPath + "/.build-static/release/standby-wizard"
        guard access(staticBuild, X_OK) == 0 else {
            return [("dynamic build (no static one here: bash .dev/release-build)", dynamic, true)]
        }
        return [("static build", staticBuild, true), ("dynamic build", dynamic, false)]
    }

    static func rows(runs: Int, scratch: Scratch, wizard given: String? = nil) throws -> [Row] {
        let binaries = binaries(given: given)
        for binary in binaries where access(binary.path, X_OK) != 0 {
            throw BenchError("no \(binary.path): build it first (swift build -c release)")
        }
        guard let dialog = which("dialog") else { throw BenchError("dialog is not installed (apt-get install dialog)") }
        // Its own home and state, so nothing of the operator's is read or written.
        var env = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": scratch.path, "XDG_STATE_HOME": scratch.path,
                   "STANDBY_WIZARD_JOURNAL_DIR": scratch.file("journals"),
                   "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        env["STANDBY_WIZARD_SESSION_LOG"] = nil
        var ours = Array(repeating: [Double](), count: binaries.count), theirs: [Double] = [], parse: [Double] = []
        for _ in 0..<runs {
            for (index, binary) in binaries.enumerated() {
                ours[index].append(try time([binary.path], until: "Welcome", environment: env))
            }
            theirs.append(try time([dialog, "--msgbox", "Benchmark", "7", "40"], until: "Benchmark", environment: env))
            parse.append(try Measure.reportedSeconds(try Measure.child(["screens"])))
        }
        return binaries.enumerated().map { index, binary in
            var row = Row(name: binary.judged ? "first frame" : "first frame, \(binary.label)",
                          input: "80x24 pseudo-terminal, N=\(runs), \(binary.label)", project: Measure.median(ours[index]),
                          baseline: Measure.median(theirs), target: binary.judged ? "ratio <= 2" : "- (not what operators run)",
                          met: false, judged: binary.judged)
            row.met = row.ratio <= 2
            row.note = binary.judged
                ? String(format: "until the first step's title is written; baseline: dialog --msgbox; the built-in steps are compiled in, parsing them as YAML (what --screens DIR does) would add %.1f ms",
                         Measure.median(parse) * 1000)
                : "loading Swift's shared libraries comes before main; operators run the static build"
            return row
        }
    }
}
