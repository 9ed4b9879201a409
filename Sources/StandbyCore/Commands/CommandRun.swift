import Foundation

/// One execution of a planned command: the process on its terminal, the
/// display buffer, the transcript section and the prompt answers, moved on
/// by `pump` from the caller's loop.
public final class CommandRun: @unchecked Sendable {
    public let plan: CommandPlan
    public let started: Date
    public private(set) var buffer: OutputBuffer
    public private(set) var ended: Date?
    public private(set) var exit: PtyProcess.Exit?
    private let process: any LiveProcess
    private var responder: PromptResponder
    // The pane gets its own redaction: a program that prompts before it
    // turns echo off would otherwise show the answer.
    private var displayRedactors: [Redactor]
    private let transcript: Transcript?
    private let passwordFile: (any TemporaryPasswordFile)?

    public struct CannotRun: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Starts `plan` on `host`, the machine its step acts on.
    public init(plan: CommandPlan, host: any HostAccess, facts: HostFacts, transcript: Transcript?, size: PtyProcess.Size,
                scrollback: Int = 10_000, now: Date = Date()) throws {
        guard let argv = plan.argv else {
            throw CannotRun(description: "this host has no way to run commands as \(plan.runAs.rawValue) (no runuser, su or sudo)")
        }
        self.plan = plan
        var environment = plan.environment
        if let entry = plan.passwordFile, !entry.madeByTheCommand {
            let holder = try host.makePasswordFile(line: entry.line, owner: entry.owner, facts: facts)
            environment["PGPASSFILE"] = holder.path
            passwordFile = holder
        } else {
            passwordFile = nil
        }
        buffer = OutputBuffer(maxLines: scrollback)
        responder = PromptResponder(rules: plan.prompts)
        displayRedactors = plan.secrets.filter { !$0.isEmpty }.map { Redactor(secret: $0) }
        self.transcript = transcript
        started = now
        transcript?.beginCommand(shown: plan.shownCommand, host: plan.host.badge, user: plan.userShown,
                                 secrets: plan.secrets, at: now)
        do {
            process = try host.startCommand(argv, environment: environment, size: size)
        } catch {
            transcript?.endCommand(status: "could not start: \(error)", elapsed: 0, at: now)
            passwordFile?.remove()
            throw error
        }
    }

    public var isFinished: Bool { ended != nil }
    /// Output was still streaming when the last pump stopped reading.
    public var hasMoreOutput: Bool { ended == nil && process.lastReadFilled }
    public var isCancelling: Bool { process.isCancelling }

    /// Reads what arrived (for at most `budget`), answers prompts, notices
    /// the end. Returns true when the display changed.
    @discardableResult
    public func pump(now: Date = Date(), budget: TimeInterval = 0.01) -> Bool {
        guard ended == nil else { return false }
        let bytes = process.read(budget: budget, limit: 1 << 20)
        if !bytes.isEmpty {
            var shown = bytes
            for index in displayRedactors.indices { shown = displayRedactors[index].redact(shown) }
            buffer.append(shown)
            transcript?.output(bytes)
            if let answer = responder.consume(bytes) { process.write(answer) }
        }
        process.pollExit(now: now)
        if let status = process.exit, process.outputEnded {
            for index in displayRedactors.indices { buffer.append(displayRedactors[index].finish()) }
            finish(status, now: now)
            return true
        }
        return !bytes.isEmpty
    }

    /// Ctrl-C: SIGINT to the command's process group, escalating to SIGTERM
    /// and SIGKILL after `grace` if it does not stop.
    public func cancel(grace: TimeInterval = 2) { process.cancel(grace: grace) }

    /// Keys the operator types go to the command (sudo's own password, a
    /// program's question).
    public func type(_ bytes: [UInt8]) { process.write(bytes) }

    public func resize(_ size: PtyProcess.Size) { process.resize(size) }

    public func elapsed(now: Date = Date()) -> TimeInterval { (ended ?? now).timeIntervalSince(started) }


    /// The process group of a command on this machine (tests watch it go).
    public var processGroup: Int32 { (process as? PtyProcess)?.pid ?? 0 }

    private func finish(_ status: PtyProcess.Exit, now: Date) {
        exit = status
        ended = now
        passwordFile?.remove()
        transcript?.endCommand(status: status.description, elapsed: now.timeIntervalSince(started), at: now)
    }
}
