import Foundation
import Testing

/// The real binary in a real terminal: a private tmux server (its own
/// socket, no user config) that tests type into and read back from.
final class TmuxSession {
    let socket: String
    let name = "wizard"

    private static let counter = Counter()

    /// Starts `argv` in a detached session of the given size. The pane stays
    /// after the program exits so the tests can read what it left behind.
    init(_ argv: [String], width: Int = 80, height: Int = 24, environment: [String: String] = [:]) throws {
        socket = "standby-wizard-test-\(getpid())-\(Self.counter.next())"
        var env = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "SWIFT_BACKTRACE": "interactive=no"]
        env.merge(environment) { $1 }
        var args = ["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)"]
        for (key, value) in env.sorted(by: { $0.key < $1.key }) { args += ["-e", "\(key)=\(value)"] }
        args += ["--"] + argv
        try tmux(args)
        try tmux(["set-option", "-t", name, "remain-on-exit", "on"])
    }

    deinit {
        _ = try? tmux(["kill-server"])
    }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        process.arguments = ["-L", socket] + args
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
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
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        var last = ""
        while clock.now < deadline {
            last = try screen()
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record("screen never showed \"\(text)\"; last screen:\n\(last)", sourceLocation: sourceLocation)
        throw TmuxError.timeout(text)
    }

    func waitForExit(limit: Duration = .seconds(15)) throws {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while clock.now < deadline {
            if try format("#{pane_dead}") == "1" { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw TmuxError.timeout("program exit")
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
    /// `swift test` builds the executable next to the test bundle.
    static var path: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("standby-wizard").path
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
