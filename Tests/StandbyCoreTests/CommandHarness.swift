import Foundation
import StandbyCore
import Testing

/// Runs planned commands the way the TUI loop does (tick until finished),
/// with a deadline so a broken runner fails the test instead of hanging it.
enum CommandHarness {
    static let facts = HostFacts.detect()

    static func plan(_ line: String, as user: RunAs = .operator, values: [String: String] = [:],
                     password: String? = nil, environment: [String: String] = CommandBuilder.defaultEnvironment())
        throws -> CommandPlan {
        try CommandBuilder(facts: facts, environment: environment)
            .plan(CommandAction(spec: .shell(line), runAs: user), host: .local, values: values, password: password)
    }

    @discardableResult
    static func run(_ plan: CommandPlan, transcript: Transcript? = nil, scrollback: Int = 10_000,
                    timeout: TimeInterval = 60, whileRunning: (CommandRun) -> Void = { _ in }) throws -> CommandRun {
        let run = try CommandRun(plan: plan, host: LocalHost(), facts: facts, transcript: transcript,
                                 size: PtyProcess.Size(rows: 24, columns: 80), scrollback: scrollback)
        let deadline = Date().addingTimeInterval(timeout)
        while !run.isFinished {
            run.pump()
            whileRunning(run)
            if Date() > deadline {
                run.cancel(grace: 0.1)
                Issue.record("command did not finish within \(timeout) s: \(plan.shownCommand)")
                let stop = Date().addingTimeInterval(5)
                while !run.isFinished && Date() < stop { run.pump() }
                break
            }
        }
        return run
    }
}
