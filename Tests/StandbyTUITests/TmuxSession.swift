import Foundation
import TestSupport
import Testing

/// Whether the tmux tests can run here; they skip, saying why, when not.
enum Tmux {
    static let installed = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
    static let missing: Comment = "tmux is not installed (bash .dev/test installs it)"
}

/// The real binary in a real terminal: a private tmux server (its own
/// socket, no user config) that tests type into and read back from.
final class TmuxSession {
    let socket: String
    let name = "wizard"
    private let config: String
    private let rawOutput: String

    private static let counter = Counter()

    /// Starts `argv` in a detached session of the given size. The pane stays
    /// after the program exits so the tests can read what it left behind.
    init(_ argv: [String], width: Int = 80, height: Int = 24, environment: [String: String] = [:]) throws {
        socket = "standby-wizard-test-\(getpid())-\(Self.counter.next())"
        var env = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "SWIFT_BACKTRACE": "interactive=no"]
        env.merge(environment) { $1 }
        // remain-on-exit from the start: a program that exits at once
        // (a refused TERM) must still leave its pane to be read.
        config = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).conf").path
        // TERM too: tmux sets the pane's TERM from default-terminal and
        // would override one passed with -e.
        let term = env.removeValue(forKey: "TERM") ?? "xterm-256color"
        try "set -g remain-on-exit on\nset -g default-terminal \"\(term)\"\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        var args = ["-f", config, "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)"]
        for (key, value) in env.sorted(by: { $0.key < $1.key }) { args += ["-e", "\(key)=\(value)"] }
        // Every byte the program writes also goes to a file, started in the
        // same tmux command so the first paint is not missed: tests check
        // the terminal modes the program leaves behind from it.
        rawOutput = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).raw").path
        // A shell in front records the exit status in the output: tmux
        // here did not always reap the pane's process, so its own
        // pane_dead_status could stay empty.
        // The shell ignores Ctrl-C so it lives to print the status; the
        // wizard inherits that SIG_IGN and must install its own handler.
        args += ["--", "/bin/sh", "-c", "trap '' INT; \"$0\" \"$@\"; echo \"[exit $?]\""] + argv
        args += [";", "pipe-pane", "-o", "-t", name, "cat >> '\(rawOutput)'"]
        try tmux(args)
    }

    deinit {
        // tmux 3.3 leaves its socket behind when the server is killed.
        let socketPath = try? tmux(["display-message", "-p", "#{socket_path}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try? tmux(["kill-server"])
        if let socketPath, !socketPath.isEmpty { unlink(socketPath) }
        unlink(config)
        unlink(rawOutput)
    }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let result = try ChildProcess.run(["/usr/bin/tmux", "-L", socket] + args)
        let text = result.output
        guard result.status == 0 else {
            throw TmuxError.failed(args.joined(separator: " ") + ": " + text)
        }
        return text
    }

    /// Key names as tmux knows them: Enter, Escape, Tab, BTab, C-c, F1, Up.
    func press(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Text typed literally, not interpreted as key names.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", name, "-l", text])
    }

    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name])
    }

    /// The screen with attributes as escape sequences, to check colour use.
    func screenWithAttributes() throws -> String {
        try tmux(["capture-pane", "-p", "-e", "-t", name])
    }

    /// Everything the program wrote to the terminal so far.
    func rawBytes() -> String {
        (try? String(contentsOfFile: rawOutput, encoding: .utf8)) ?? ""
    }

    /// True when the last switch to the alternate screen was undone and the
    /// last hidden cursor was shown again: the terminal was given back.
    func terminalWasRestored() -> Bool {
        let raw = rawBytes()
        func last(_ seq: String) -> String.Index? { raw.range(of: seq, options: .backwards)?.lowerBound }
        let leftAlternate = last("\u{1B}[?1049l").map { l in last("\u{1B}[?1049h").map { $0 < l } ?? true } ?? false
        let cursorShown = last("\u{1B}[?25l").map { hidden in last("\u{1B}[?25h").map { $0 > hidden } ?? false } ?? true
        return leftAlternate && cursorShown
    }

    func format(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", name, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen until `text` shows (first paint takes tens of ms).
    /// The limit guards against a hang; it is not a performance assertion.
    @discardableResult
    func waitFor(_ text: String, limit: Duration = .seconds(15), sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitUntil(limit: limit, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// Polls until the screen satisfies `condition`.
    @discardableResult
    func waitUntil(limit: Duration = .seconds(15), recordTimeout: Bool = true, sourceLocation: SourceLocation = #_sourceLocation,
                   _ condition: (String) -> Bool) throws -> String {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        var last = ""
        while clock.now < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.02)
        }
        if recordTimeout {
            Issue.record("screen never reached the expected state; last screen:\n\(last)", sourceLocation: sourceLocation)
        }
        throw TmuxError.timeout("condition")
    }

    /// Waits for the program to end and returns its exit status as the
    /// shell saw it (128 + N for death by signal N).
    @discardableResult
    func waitForExit(limit: Duration = .seconds(15)) throws -> Int {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        let pattern = try Regex("\\[exit ([0-9]+)\\]")
        while clock.now < deadline {
            if let match = rawBytes().firstMatch(of: pattern), let status = Int(match.output[1].substring ?? "") {
                return status
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw TmuxError.timeout("program exit")
    }

    /// The wizard's pid: the child of the shell that runs in the pane.
    /// The program the pane's shell started, once it has started it: a
    /// test may ask just after the session began.
    func programPid(limit: TimeInterval = 10) throws -> String {
        let deadline = Date().addingTimeInterval(limit)
        repeat {
            let shell = try format("#{pane_pid}")
            let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
            if let pid = children.split(separator: " ").first { return String(pid) }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        throw TmuxError.failed("no program under the shell")
    }

    enum TmuxError: Error {
        case failed(String)
        case timeout(String)
    }

    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
    }
}

enum BuiltBinary {
    /// Journals of the wizards the tests start go to a directory of the
    /// test run's own, never to this machine's /var/lib/standby-wizard.
    static let journals: String = {
        let temporary = FileManager.default.temporaryDirectory.path
        // Earlier test runs' directories, whose process is gone: nothing
        // there is anyone's any more.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        where name.hasPrefix("standby-wizard-test-journals-") {
            guard let pid = Int32(name.dropFirst("standby-wizard-test-journals-".count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: temporary + "/" + name)
        }
        let directory = temporary + "/standby-wizard-test-journals-\(getpid())"
        // Sticky and open to all, like /tmp: tests run the wizard as other
        // users too.
        mkdir(directory, 0o1777)
        chmod(directory, 0o1777)
        setenv("STANDBY_WIZARD_JOURNAL_DIR", directory, 1)
        return directory
    }()

    /// `swift test` builds the executable next to the test bundle.
    static var path: String {
        _ = journals
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("standby-wizard").path
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
