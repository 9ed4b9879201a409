import Foundation

/// Follows a server log on a host over ssh: each read fetches only the
/// slice past what was read, with the file's size to notice a log that was
/// truncated or replaced (then it is read from the start again).
final class SshLogFollower: LogFollower, @unchecked Sendable {
    let path: String
    let startOffset: UInt64
    private(set) var bytesRead: UInt64 = 0
    private var offset: UInt64
    private var partial: [UInt8] = []
    private let host: SshHost

    init(path: String, fromStart: Bool, host: SshHost) {
        self.path = path
        self.host = host
        let size = (try? host.fileInfo(path))??.size ?? 0
        offset = fromStart ? 0 : UInt64(max(0, size))
        startOffset = offset
    }

    var unfinishedLine: String? { partial.isEmpty ? nil : String(decoding: partial, as: UTF8.self) }

    // $1 path, $2 first byte (1-based), $3 how many.
    static let script = #"stat -L -c %s -- "$1" || exit 1; tail -c +"$2" -- "$1" | head -c "$3""#

    func readNewRegion(limit: Int) -> [UInt8] {
        let want = max(limit - partial.count, 1)
        // A little more than asked, to finish the last line.
        guard let output = try? host.runChecked(["sh", "-c", Self.script, "sh", path, String(offset + 1), String(want + 65536)]),
              output.exitStatus == 0, let newline = output.stdout.firstIndex(of: 0x0A),
              let size = UInt64(String(decoding: output.stdout[..<newline], as: UTF8.self)) else { return [] }
        if size < offset {
            offset = 0
            partial = []
            return []
        }
        let bytes = output.stdout[(newline + 1)...]
        var stop = bytes.startIndex + min(bytes.count, want)
        while stop < bytes.endIndex, bytes[stop - 1] != 0x0A { stop += 1 }
        var region = partial + bytes[bytes.startIndex..<stop]
        bytesRead += UInt64(stop - bytes.startIndex)
        offset += UInt64(stop - bytes.startIndex)
        var end = region.count
        while end > 0, region[end - 1] != 0x0A { end -= 1 }
        partial = Array(region[end...])
        region.removeLast(region.count - end)
        return region
    }
}

/// A command on a host over ssh, on a terminal there. Ctrl-C goes through
/// that terminal first, as if typed, so the remote program gets SIGINT;
/// only if it does not stop does ssh itself get the signals, which hangs
/// up the remote session.
final class SshLiveProcess: LiveProcess, @unchecked Sendable {
    private let process: PtyProcess
    /// Answers sudo's prompt there with the password the operator gave;
    /// sudo reads it with echo off, so the pane shows only the prompt.
    private var sudo: PromptResponder?

    init(_ process: PtyProcess, sudoAnswer: PromptRule?) {
        self.process = process
        sudo = sudoAnswer.map { PromptResponder(rules: [$0]) }
    }

    func read(budget: TimeInterval, limit: Int) -> [UInt8] {
        let bytes = process.read(budget: budget, limit: limit)
        if !bytes.isEmpty, let answer = sudo?.consume(bytes) { process.write(answer) }
        return bytes
    }
    func write(_ bytes: [UInt8]) { process.write(bytes) }
    func resize(_ size: PtyProcess.Size) { process.resize(size) }
    private var interrupted: (at: Date, grace: TimeInterval)?

    func cancel(grace: TimeInterval) {
        guard interrupted == nil, process.exit == nil else { return }
        process.write([0x03])
        interrupted = (Date(), grace)
    }
    var isCancelling: Bool { interrupted != nil }
    @discardableResult func pollExit(now: Date) -> PtyProcess.Exit? {
        if let interrupted, !process.isCancelling, process.exit == nil,
           now.timeIntervalSince(interrupted.at) >= interrupted.grace {
            process.cancel(grace: interrupted.grace)
        }
        return process.pollExit(now: now)
    }
    var exit: PtyProcess.Exit? { process.exit }
    var outputEnded: Bool { process.outputEnded }
    var lastReadFilled: Bool { process.lastReadFilled }
    var pid: pid_t { process.pid }
}
