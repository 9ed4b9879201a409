import Foundation
import StandbyCore
import StandbyTUI
import TestSupport
import Testing

/// Command and gate steps with a runtime: real processes, a real server log.
@Suite("Live command and gate steps", .serialized)
struct LiveStepTests {
    static func step(_ id: String, _ action: StepAction, host: HostRole = .primary) -> ScreenDefinition {
        ScreenDefinition(id: id, title: id, host: host, text: "Test step \(id).", action: action,
                         location: SourceLocation(file: "live.yaml", line: 1))
    }

    static func app(_ steps: [ScreenDefinition], answers: [String: String] = FixtureSteps.goodAnswers) -> WizardApp {
        let transcriptDir = FileManager.default.temporaryDirectory.appendingPathComponent("transcripts-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: transcriptDir, withIntermediateDirectories: true)
        let runtime = StepRuntime(facts: HostFacts.detect(), transcript: try? Transcript(directory: transcriptDir))
        return WizardApp(walkthrough: Walkthrough(screens: steps),
                         state: WalkthroughState(mode: .full, answers: Answers(answers)),
                         size: TerminalSize(width: 80, height: 24), runtime: runtime)
    }

    /// Ticks until `done` holds; the limit only guards against a hang.
    static func run(_ app: inout WizardApp, until done: (WizardApp) -> Bool) {
        let deadline = Date().addingTimeInterval(30)
        while !done(app) && Date() < deadline {
            _ = app.tick()
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    @Test func aCommandRunsAfterConfirmationAndItsOutputIsShown() {
        var app = Self.app([Self.step("hello", .command(CommandAction(spec: .shell("printf 'step says %s\\n' hello"), runAs: .operator))),
                            Self.step("after", .info)])
        #expect(app.draw().text.contains("printf"))
        app.press(.enter)
        #expect(app.draw().text.contains("y"))
        app.press(.character("y"))
        Self.run(&app) { !$0.isBusy }
        let screen = app.draw().text
        #expect(screen.contains("step says hello"))
        app.press(.enter)
        #expect(app.state.status(of: "hello") == .done)
        #expect(app.state.changedHosts == [.primary])
        #expect(app.currentStep?.id == "after")
    }

    @Test func aFailedCommandBlocksNextUntilSkippedByTypingTheWord() {
        var app = Self.app([Self.step("fails", .command(CommandAction(spec: .shell("echo broken; exit 3"), runAs: .operator))),
                            Self.step("after", .info)])
        app.press(.enter, .enter)
        Self.run(&app) { !$0.isBusy }
        #expect(app.draw().text.contains("broken"))
        app.press(.enter)
        #expect(app.currentStep?.id == "fails")
        app.press(.character("s"))
        app.type("nope")
        app.press(.enter)
        #expect(app.currentStep?.id == "fails")
        app.press(.character("s"))
        app.type("skip")
        app.press(.enter, .enter)
        #expect(app.state.status(of: "fails") == .skipped)
        #expect(app.currentStep?.id == "after")
    }

    @Test func ctrlCInterruptsTheCommandNotTheWizard() {
        var app = Self.app([Self.step("hangs", .command(CommandAction(spec: .shell("echo started; sleep 600"), runAs: .operator)))])
        app.press(.enter, .enter)
        Self.run(&app) { $0.draw().text.contains("started") }
        #expect(app.press(.signal(2)) == .running)
        Self.run(&app) { !$0.isBusy }
        #expect(!app.isBusy)
        #expect(app.draw().text.contains("r retry"))
    }

    @Test func aDestructiveStepRunsOnlyOnY() {
        var app = Self.app([Self.step("danger", .command(CommandAction(spec: .shell("true"), runAs: .operator, destructive: true)))])
        app.press(.enter, .enter)   // Enter on the question means No
        #expect(!app.isBusy)
        #expect(app.draw().text.contains("Enter asks before it runs"))
    }

    /// A Debian cluster made like the lab makes it, restarted through the
    /// service step, and the gate reading its log from before the restart.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.fileExists(atPath: "/usr/bin/pg_createcluster")))
    func aGatePassesOnTheRealServersReadyLineAfterARestart() throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-\(UUID().uuidString)").path
        let lab = TrainingLab(stateDirectory: stateDir, namePrefix: "swtest\(getpid())")
        let made = try lab.up()
        defer { _ = try? lab.down() }
        let answers = try AnswersFile.load(path: made.answersFile, environment: [:])
        var app = Self.app([Self.step("restart", .command(CommandAction(spec: .service(.restart), runAs: .root))),
                            Self.step("ready", .gate(GateAction(expect: [.acceptingConnections], timeoutSeconds: 60)))],
                           answers: answers.values)
        app.press(.enter, .enter)
        Self.run(&app) { !$0.isBusy }
        #expect(app.draw().text.contains("pg_ctlcluster"))
        app.press(.enter)
        #expect(app.currentStep?.id == "ready")
        Self.run(&app) { $0.draw().text.contains("The log shows the step worked") }
        let screen = app.draw().text
        #expect(screen.contains("/var/log/postgresql/postgresql-\(made.version)-"))
        #expect(screen.contains("[x] "))
        #expect(app.press(.enter) == .quit(.finished))
        #expect(app.state.status(of: "ready") == .done)
    }
}
