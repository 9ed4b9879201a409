import Foundation
@testable import StandbyCore
import Testing

/// The command driver alone: events in, state and effects out, no process.
@Suite("Command step driver")
struct CommandDriverTests {
    static let plan = try! CommandHarness.plan("echo hi")

    func planned(destructive: Bool = false) -> CommandDriver {
        var driver = CommandDriver(stepID: "cmd", gateStepID: "gate")
        var plan = Self.plan
        plan.destructive = destructive
        _ = driver.handle(.commandPlanned(plan))
        return driver
    }

    @Test func asksBeforeRunningAndStartsOnlyOnYes() {
        var driver = planned()
        #expect(driver.phase == .ready)
        #expect(driver.handle(.proceed).effects.isEmpty)
        #expect(driver.phase == .confirming)
        _ = driver.handle(.decline)
        #expect(driver.phase == .ready)
        _ = driver.handle(.proceed)
        let effects = driver.handle(.confirm).effects
        #expect(effects.map(\.description) == ["run cmd on local as operator: echo hi"])
        guard case .startCommand(_, _, let gate)? = effects.first else { Issue.record("no start"); return }
        #expect(gate == "gate", "the gate's log is noted before the command runs")
        #expect(driver.phase == .running)
        let exited = driver.handle(.commandExited(.exited(0), diagnoses: [], outputTail: ["hi"]))
        #expect(exited.changedHost)
        #expect(driver.handle(.proceed).outcome == .completed(.done))
    }

    @Test func enterAtTheQuestionMeansNoForADestructiveStep() {
        var driver = planned(destructive: true)
        _ = driver.handle(.proceed)
        let reaction = driver.handle(.proceed)
        #expect(reaction.effects.isEmpty)
        #expect(driver.phase == .ready)
        #expect(reaction.message?.contains("only y runs it") == true)
    }

    @Test func failureBlocksNextUntilRetryEditOrTypedSkip() {
        var driver = planned()
        _ = driver.handle(.proceed)
        _ = driver.handle(.confirm)
        _ = driver.handle(.commandExited(.exited(1), diagnoses: [], outputTail: []))
        #expect(driver.phase == .failed(.exited(1)))
        #expect(driver.handle(.proceed).outcome == nil)
        #expect(driver.handle(.retry).effects.count == 1)
        #expect(driver.attempts == 2)
        _ = driver.handle(.commandExited(.exited(1), diagnoses: [], outputTail: []))
        #expect(driver.handle(.skip(typed: "y")).message == "Not skipped: type the word skip.")
        let skipped = driver.handle(.skip(typed: " Skip "))
        #expect(skipped.effects.map(\.description).first?.contains("SKIPPED after failure") == true)
        #expect(driver.handle(.proceed).outcome == .completed(.skipped))
    }

    @Test func anEditedCommandIsAskedAgain() {
        var driver = planned()
        _ = driver.handle(.proceed)
        _ = driver.handle(.confirm)
        _ = driver.handle(.commandExited(.exited(1), diagnoses: [], outputTail: []))
        _ = driver.handle(.editCommand("echo fixed"))
        #expect(driver.phase == .confirming)
        #expect(driver.plan?.shownCommand == "echo fixed")
    }

    @Test func ctrlCWhileRunningAsksToInterrupt() {
        var driver = planned()
        _ = driver.handle(.proceed)
        _ = driver.handle(.confirm)
        #expect(driver.handle(.cancel).effects.map(\.description) == ["interrupt cmd"])
    }
}

/// The same steps with real processes, through the executor on this machine.
@Suite("Command steps through the executor", .serialized)
struct CommandExecutionTests {
    static func engine(_ line: String) -> (WalkthroughEngine, StepExecutor) {
        let step = ScreenDefinition(id: "cmd", title: "cmd", host: .local, text: "",
                                    action: .command(CommandAction(spec: .shell(line), runAs: .operator)),
                                    location: SourceLocation(file: "t", line: 1))
        var engine = WalkthroughEngine(walkthrough: Walkthrough(screens: [step]), state: WalkthroughState())
        let executor = StepExecutor(hosts: ThisMachine(), transcript: nil)
        executor.perform(engine.enter(), on: &engine)
        executor.send(.proceed, on: &engine)
        executor.send(.confirm, on: &engine)
        return (engine, executor)
    }

    /// Pumps as the screen's loop does; the limit only guards against a hang.
    @discardableResult
    static func drive(_ engine: inout WalkthroughEngine, _ executor: StepExecutor, timeout: TimeInterval = 60,
                      until done: (WalkthroughEngine) -> Bool = { !$0.isBusy }) -> Int {
        var redraws = 0
        let deadline = Date().addingTimeInterval(timeout)
        while !done(engine) && Date() < deadline {
            if executor.pump(&engine).redraw { redraws += 1 }
        }
        return redraws
    }

    @Test func outputArrivesAndTheStepPasses() {
        var (engine, executor) = Self.engine("echo hi")
        Self.drive(&engine, executor)
        #expect(engine.currentDriver?.command?.phase == .succeeded(.exited(0)))
        #expect(executor.runs["cmd"]?.buffer.lines == ["hi"])
        #expect(engine.state.records["cmd"]?.outputTail == ["hi"])
        #expect(engine.state.records["cmd"]?.attempts == 1)
    }

    @Test func interruptStopsTheCommandNotTheWizard() {
        var (engine, executor) = Self.engine("echo go; sleep 1000")
        Self.drive(&engine, executor, timeout: 10) { _ in executor.runs["cmd"]?.buffer.lines == ["go"] }
        executor.send(.cancel, on: &engine)
        Self.drive(&engine, executor)
        #expect(engine.currentDriver?.command?.phase == .failed(.signalled(SIGINT)))
    }

    @Test func redrawsAreThrottledWhileOutputStreams() {
        var (engine, executor) = Self.engine("yes | head -c 20000000")
        let started = Date()
        let redraws = Self.drive(&engine, executor, timeout: 120)
        let seconds = Date().timeIntervalSince(started)
        #expect(engine.currentDriver?.command?.phase == .succeeded(.exited(0)))
        // At most one per throttle interval, one per elapsed second, the end.
        #expect(Double(redraws) <= seconds / StepExecutor.minimumRedrawInterval + seconds + 3, "\(redraws) in \(seconds) s")
        #expect(redraws > 0)
    }
}
