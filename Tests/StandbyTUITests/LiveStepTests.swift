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
        let executor = StepExecutor(hosts: ThisMachine(), transcript: try? Transcript(directory: transcriptDir))
        var app = WizardApp(walkthrough: Walkthrough(screens: steps),
                            state: WalkthroughState(mode: .full, answers: Answers(answers)),
                            size: TerminalSize(width: 80, height: 24), executor: executor)
        app.performPending()
        return app
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
        // Asked, not yet run.
        let asked = app.draw().text
        #expect(asked.contains("y run it") && asked.contains("n not now"), "\(asked)")
        #expect(!app.isBusy && !asked.contains("step says hello"))
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

    /// Output faster than one pump reads: the loop reads again without
    /// waiting for a key, and a key still stops the command at once.
    @Test func streamingOutputIsReadWithoutWaitingForKeys() {
        var app = Self.app([Self.step("floods", .command(CommandAction(spec: .shell("yes 'a line of log output'"), runAs: .operator))),
                            Self.step("after", .info)])
        app.press(.enter, .enter)
        var streaming = false
        let deadline = Date().addingTimeInterval(10)
        while !streaming && Date() < deadline {
            _ = app.tick()
            streaming = app.pollMilliseconds == 0
        }
        #expect(streaming)
        #expect(app.press(.signal(2)) == .running)
        Self.run(&app) { !$0.isBusy }
        #expect(app.draw().text.contains("r retry"))
        #expect(app.pollMilliseconds == 200)
    }

    @Test func ctrlCInterruptsTheCommandNotTheWizard() {
        var app = Self.app([Self.step("hangs", .command(CommandAction(spec: .shell("echo started; sleep 600"), runAs: .operator)))])
        app.press(.enter, .enter)
        Self.run(&app) { $0.draw().text.contains("started") }
        // Quiet output: the loop waits for a key between reads.
        #expect(app.pollMilliseconds == 15)
        #expect(app.press(.signal(2)) == .running)
        Self.run(&app) { !$0.isBusy }
        #expect(!app.isBusy)
        #expect(app.draw().text.contains("r retry"))
    }

    /// A cluster that logs through pg_ctl -l: nothing in its configuration
    /// says where, so the operator names the file.
    @Test(Needs.postgreSQL) func aGateReadsTheLogTheOperatorNamed() throws {
        let cluster = try TestCluster(name: "named-log")
        defer { try? cluster.stop() }
        let answers = FixtureSteps.goodAnswers.merging([
            "PRIMARY_PG_CLUSTER": cluster.dataDirectory, "PRIMARY_PG_VERSION": "\(cluster.majorVersion)",
        ]) { $1 }
        let start = "\(cluster.binDirectory)/pg_ctl -D \(cluster.dataDirectory) -l \(cluster.logFile) -w start"
        var app = Self.app([Self.step("start", .command(CommandAction(spec: .shell("runuser -u postgres -- " + start), runAs: .operator))),
                            Self.step("ready", .gate(GateAction(expect: [.acceptingConnections], timeoutSeconds: 30)))],
                           answers: answers)
        app.executor.logOverrides = [.primary: cluster.logFile]
        app.press(.enter, .enter)
        Self.run(&app) { !$0.isBusy }
        app.press(.enter)
        Self.run(&app) { $0.draw().text.contains("The log shows the step worked") }
        #expect(app.draw().text.contains("The log shows the step worked"))
        #expect(app.press(.enter) == .quit(.finished))
    }

    /// The command leaves a mark, so whether it ran is seen on disk, not
    /// only on the screen.
    @Test func aDestructiveStepRunsOnlyOnY() throws {
        let mark = FileManager.default.temporaryDirectory.appendingPathComponent("destructive-\(UUID().uuidString)").path
        defer { unlink(mark) }
        var app = Self.app([Self.step("danger", .command(CommandAction(spec: .shell("touch '\(mark)'"), runAs: .operator, destructive: true))),
                            Self.step("after", .info)])
        #expect(app.draw().text.contains("this step changes data on disk"))
        app.press(.enter)
        #expect(app.draw().text.contains("y run it"))
        app.press(.enter)   // Enter on the question means No
        Self.run(&app) { !$0.isBusy }
        #expect(!FileManager.default.fileExists(atPath: mark), "Enter ran a destructive step")
        #expect(app.currentStep?.id == "danger")
        app.press(.enter)
        app.press(.character("y"))
        Self.run(&app) { !$0.isBusy }
        #expect(FileManager.default.fileExists(atPath: mark), "y did not run it")
        app.press(.enter)
        #expect(app.state.status(of: "danger") == .done)
        #expect(app.currentStep?.id == "after")
    }

}

@Suite("Live edit steps", .serialized)
struct LiveEditTests {
    /// A data-directory cluster (configuration inside it), edited through
    /// the wizard: diff, apply, undo.
    @Test(Needs.postgreSQL) func anEditIsShownAppliedAndUndone() throws {
        let cluster = try TestCluster(name: "edit")
        let conf = cluster.dataDirectory + "/postgresql.conf"
        let before = try String(contentsOfFile: conf, encoding: .utf8)
        let answers = FixtureSteps.goodAnswers.merging([
            "PRIMARY_PG_CLUSTER": cluster.dataDirectory, "PRIMARY_PG_VERSION": "\(cluster.majorVersion)",
        ]) { $1 }
        let step = ScreenDefinition(id: "settings", title: "settings", host: .primary, text: "Edits settings.",
                                    action: .edit(EditAction(file: .postgresqlConf, settings: [
                                        ConfigSetting(name: "wal_level", value: "$WAL_LEVEL"),
                                        ConfigSetting(name: "max_wal_senders", value: "$MAX_WAL_SENDERS")])),
                                    location: SourceLocation(file: "live.yaml", line: 1))
        var app = LiveStepTests.app([step, LiveStepTests.step("after", .info)], answers: answers)
        let diff = app.draw().text
        #expect(diff.contains("+ wal_level = replica"))
        #expect(diff.contains("2 settings changed"))
        #expect(try String(contentsOfFile: conf, encoding: .utf8) == before)

        app.press(.enter)
        let applied = try String(contentsOfFile: conf, encoding: .utf8)
        #expect(applied.contains("\nwal_level = replica"))
        #expect(app.state.changedHosts == [.primary])
        let backups = try FileManager.default.contentsOfDirectory(atPath: cluster.dataDirectory)
            .filter { $0.hasPrefix("postgresql.conf.standby-wizard.") }
        #expect(backups.count == 1)

        app.press(.character("u"))
        #expect(app.draw().text.contains("- wal_level = replica"))
        app.press(.enter)
        #expect(try String(contentsOfFile: conf, encoding: .utf8) == before)
        #expect(app.currentStep?.id == "settings")

        // Planned again over the restored file: applying twice changes once.
        app.press(.enter)
        let once = try String(contentsOfFile: conf, encoding: .utf8)
        app.press(.escape)
        app.press(.enter)
        #expect(try String(contentsOfFile: conf, encoding: .utf8) == once)
    }
}
