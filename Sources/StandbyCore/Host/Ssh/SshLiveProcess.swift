import Foundation

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
