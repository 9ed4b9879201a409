import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// A command that never finishes, on a real terminal: past its step's
/// `timeout:` the wizard stops it (and everything it started) and says it
/// was the time, not the command, that ended the step.
@Suite("A command past its step's timeout")
struct CommandTimeoutTests {
    @Test func theCommandIsStoppedAndTheStepSaysWhy() throws {
        let yaml = """
        id: hangs
        title: Wait for an answer
        host: local
        text: A command that waits forever.
        action:
          command:
            as: operator
            run: sleep 600
            timeout: 1

        """
        let loaded = ScreenLoader.load(sources: [(file: "500-hangs.yaml", yaml: yaml)])
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let walkthrough = Walkthrough(screens: loaded.screens)
        var engine = WalkthroughEngine(walkthrough: walkthrough, state: WalkthroughState(mode: .lab, answers: Answers()))
        let executor = StepExecutor(hosts: ThisMachine(), transcript: nil)
        executor.perform(engine.enter(), on: &engine)
        executor.send(.proceed, on: &engine)
        executor.send(.confirm, on: &engine)
        let started = Date()
        var driver = engine.driver(of: "hangs")?.command
        while driver?.isFailed != true, Date().timeIntervalSince(started) < 20 {
            _ = executor.pump(&engine)
            driver = engine.driver(of: "hangs")?.command
            Thread.sleep(forTimeInterval: 0.02)
        }
        let failed = try #require(driver)
        #expect(failed.isFailed, "still \(failed.phase) after 20 s")
        #expect(failed.diagnoses.first?.failureID == CommandTimeout.diagnosisID, "\(failed.diagnoses)")
        #expect(failed.diagnoses.first?.explanation.contains("No result after 1 s") == true)
        #expect(Date().timeIntervalSince(started) < 10, "the command was not stopped soon after its limit")
    }
}
