import Foundation
import StandbyCore
import Testing

@Suite("Command step state machine")
struct CommandStepTests {
    func drive(_ step: CommandStep, timeout: TimeInterval = 30) -> Int {
        var redraws = 0
        let deadline = Date().addingTimeInterval(timeout)
        while step.isRunning && Date() < deadline {
            if step.tick() { redraws += 1 }
        }
        return redraws
    }

    @Test func asksBeforeRunningAndPassesOnSuccess() throws {
        let step = CommandStep(plan: try CommandHarness.plan("echo hi"), facts: CommandHarness.facts, transcript: nil)
        #expect(!step.tick())
        step.requestRun()
        #expect(step.state == .confirming)
        step.decline()
        #expect(step.state == .ready)
        step.requestRun()
        step.confirm()
        _ = drive(step)
        #expect(step.state == .succeeded(.exited(0)))
        #expect(step.canContinue)
        #expect(step.run?.buffer.lines == ["hi"])
    }

    @Test func failureBlocksNextUntilRetryEditOrTypedSkip() throws {
        let directory = try TemporaryDirectory()
        let transcript = try Transcript(directory: directory.path)
        let step = CommandStep(plan: try CommandHarness.plan("false"), facts: CommandHarness.facts, transcript: transcript)
        step.requestRun()
        step.confirm()
        _ = drive(step)
        #expect(step.state == .failed(.exited(1)))
        #expect(!step.canContinue)
        #expect(step.failureChoices == [.retry, .edit, .viewOutput, .skip, .quit])
        step.retry()
        _ = drive(step)
        #expect(step.attempts == 2 && step.state == .failed(.exited(1)))
        #expect(!step.skip(typed: "y"))
        #expect(step.skip(typed: "skip"))
        #expect(step.canContinue)
        let text = try String(contentsOfFile: transcript.path, encoding: .utf8)
        #expect(text.contains("SKIPPED after failure"))
        #expect(text.components(separatedBy: "exit status 1").count == 3)
    }

    @Test func editedCommandIsConfirmedAgainAndRun() throws {
        let step = CommandStep(plan: try CommandHarness.plan("false"), facts: CommandHarness.facts, transcript: nil)
        step.requestRun()
        step.confirm()
        _ = drive(step)
        step.edit(commandLine: "echo fixed")
        #expect(step.state == .confirming)
        #expect(step.plan.shownCommand == "echo fixed")
        step.confirm()
        _ = drive(step)
        #expect(step.state == .succeeded(.exited(0)))
        #expect(step.run?.buffer.lines == ["fixed"])
    }

    @Test func interruptStopsTheCommandNotTheWizard() throws {
        let step = CommandStep(plan: try CommandHarness.plan("echo go; sleep 1000"), facts: CommandHarness.facts, transcript: nil)
        step.requestRun()
        step.confirm()
        let deadline = Date().addingTimeInterval(10)
        while step.run?.buffer.lines != ["go"] && Date() < deadline { _ = step.tick() }
        step.interrupt()
        _ = drive(step)
        #expect(step.state == .failed(.signalled(SIGINT)))
    }

    @Test func redrawsAreThrottledWhileOutputStreams() throws {
        let step = CommandStep(plan: try CommandHarness.plan("yes | head -c 20000000"), facts: CommandHarness.facts, transcript: nil)
        step.requestRun()
        step.confirm()
        let started = Date()
        let redraws = drive(step, timeout: 120)
        let seconds = Date().timeIntervalSince(started)
        #expect(step.state == .succeeded(.exited(0)))
        // At most one per throttle interval, one per elapsed second, the end.
        #expect(Double(redraws) <= seconds / CommandStep.minimumRedrawInterval + seconds + 3, "\(redraws) in \(seconds) s")
    }
}
