import Foundation
import StandbyCore
@testable import StandbyTUI
import TestSupport
import Testing

@Suite("Walking through steps with keys")
struct WizardAppTests {
    @Test func enterOnAnInfoStepMarksItDoneAndAdvances() {
        var app = FixtureSteps.app(at: "welcome")
        #expect(app.press(.enter) == .running)
        #expect(app.state.status(of: "welcome") == .done)
        #expect(app.currentStep?.id == "primary-host")
    }

    @Test func escapeAndLeftGoBack() {
        var app = FixtureSteps.app(at: "create-role")
        app.press(.escape)
        #expect(app.currentStep?.id == "replication")
        var other = FixtureSteps.app(at: "restart")
        other.press(.left)
        #expect(other.currentStep?.id == "settings")
        // On a diff, Left and Right move long lines sideways; Esc is back.
        var diff = FixtureSteps.app(at: "pg-hba")
        diff.press(.left, .right)
        #expect(diff.currentStep?.id == "pg-hba")
        diff.press(.escape)
        #expect(diff.currentStep?.id == "create-role")
    }

    /// Commands, diffs and gates get the width: the list folds to its
    /// marks there, w shows it again for that step only.
    @Test func theStepListFoldsForCommandsAndComesBack() {
        var app = FixtureSteps.app(at: "create-role")
        #expect(app.layout.folded)
        #expect(app.layout.bodyRect.width >= 72)
        #expect(!app.draw().text.contains("Welcome"))
        app.press(.character("w"))
        #expect(!app.layout.folded)
        #expect(app.draw().text.contains("Welcome"))
        app.press(.escape)
        #expect(app.currentStep?.id == "replication")
        #expect(!app.layout.folded, "a form keeps the list")
        var diff = FixtureSteps.app(at: "pg-hba", hosts: MemoryLab.hosts())
        #expect(diff.layout.folded)
        diff.press(.character("w"))
        #expect(!diff.layout.folded)
        diff.press(.enter)
        #expect(diff.currentStep?.id == "pg-hba")
        diff.press(.enter)
        #expect(diff.currentStep?.id == "settings")
        #expect(diff.layout.folded, "the next step folds again")
    }

    @Test func anInvalidFormDoesNotAdvance() {
        var app = FixtureSteps.app(at: "primary-host", answers: [:])
        app.type("not an address!")
        app.press(.tab, .tab, .tab, .tab, .tab, .enter)
        #expect(app.currentStep?.id == "primary-host")
        #expect(app.state.answers["PRIMARY_PG_IP"] == nil)
        #expect(app.draw().text.contains("fields need attention"))
    }

    @Test func aValidFormStoresItsAnswersAndAdvances() {
        var app = FixtureSteps.app(at: "primary-host", answers: [:])
        app.type("192.0.2.10")
        app.press(.tab, .tab)
        app.type("16")
        // Enter on the last field submits; port and cluster keep defaults.
        app.press(.tab, .enter)
        #expect(app.currentStep?.id == "replication")
        #expect(app.state.answers["PRIMARY_PG_IP"] == "192.0.2.10")
        #expect(app.state.answers["PRIMARY_PG_PORT"] == "5432")
        #expect(app.state.answers["PRIMARY_PG_VERSION"] == "16")
        #expect(app.state.answers["PRIMARY_PG_CLUSTER"] == "main")
        #expect(app.state.status(of: "primary-host") == .done)
    }

    @Test func passwordMustBeTypedTheSameTwice() {
        var app = FixtureSteps.app(at: "replication", answers: [:])
        app.press(.tab)
        app.type("correct horse")
        app.press(.tab)
        app.type("correct h0rse")
        app.press(.tab, .tab, .tab, .enter)
        #expect(app.currentStep?.id == "replication")
        #expect(app.draw().text.contains("differ"))
        // The refused submit put the focus on the second entry.
        app.press(.ctrl("u"))
        app.type("correct horse")
        app.press(.tab, .tab, .tab, .enter)
        #expect(app.currentStep?.id == "create-role")
        #expect(app.state.answers.password == "correct horse")
    }

    @Test func typedButUnsubmittedTextSurvivesGoingBack() {
        var app = FixtureSteps.app(at: "primary-host", answers: [:])
        app.type("db1.example.org")
        app.press(.escape)
        #expect(app.currentStep?.id == "welcome")
        app.press(.enter)
        #expect(app.draw().text.contains("db1.example.org"))
        #expect(app.state.answers["PRIMARY_PG_IP"] == nil)
    }

    @Test func theLastStepFinishes() {
        var app = FixtureSteps.app(WalkthroughState(mode: .full, answers: Answers(FixtureSteps.goodAnswers)),
                                   steps: Array(FixtureSteps.all.prefix(1)))
        #expect(app.press(.enter) == .quit(.finished))
    }

    @Test func quitIsImmediateUntilAHostChanged() {
        var app = FixtureSteps.app(at: "welcome")
        #expect(app.press(.character("q")) == .quit(.operatorQuit))
    }

    @Test func quitAsksOnceAHostChangedAndDefaultsToNo() {
        var state = WalkthroughState(mode: .full, currentStepID: "welcome", answers: Answers(FixtureSteps.goodAnswers))
        state.changedHosts = [.primary]
        var app = FixtureSteps.app(state)
        #expect(app.press(.character("q")) == .running)
        #expect(app.press(.enter) == .running)   // No has the focus
        #expect(app.currentStep?.id == "welcome")
        app.press(.signal(2))                     // Ctrl-C asks the same way
        #expect(app.press(.character("y")) == .quit(.operatorQuit))
    }

    @Test(arguments: [Int32(15), Int32(1)])
    func termAndHangupQuitWithoutAsking(signal: Int32) {
        var state = WalkthroughState(mode: .full, currentStepID: "welcome")
        state.changedHosts = [.secondary]
        var app = FixtureSteps.app(state)
        #expect(app.press(.signal(signal)) == .quit(.signal(signal)))
    }

    @Test func qInATextFieldIsTyped() {
        var app = FixtureSteps.app(at: "primary-host", answers: [:])
        #expect(app.press(.character("q")) == .running)
        #expect(app.draw().text.contains("[q "))
    }

    @Test func resizeChangesTheLayout() {
        var app = FixtureSteps.app(at: "welcome")
        app.press(.resize(TerminalSize(width: 60, height: 20)))
        #expect(app.draw().text.contains("terminal too small"))
        app.press(.resize(TerminalSize(width: 100, height: 30)))
        let lines = app.draw().text.split(separator: "\n")
        #expect(lines[0].hasSuffix("Step 1 of 10"))
        #expect(lines[0].count == 99)
    }

    /// An answer holding an escape sequence and a bell, drawn in the form
    /// where it is typed: each control character shows as `?`.
    @Test func controlCharactersInAnswersNeverReachTheTerminal() {
        let app = FixtureSteps.app(at: "primary-host", answers: ["PRIMARY_PG_IP": "x\u{1B}[2Jy\u{7}z"])
        let screen = MemoryScreen(size: app.size)
        screen.show(WizardView.render(app))
        #expect(!screen.text.contains("\u{1B}") && !screen.text.contains("\u{7}"))
        #expect(screen.text.contains("[x?[2Jy?z "), "\(screen.text)")
    }

    @Test func journaledStateNeverHoldsThePassword() throws {
        var app = FixtureSteps.app(at: "welcome")
        app.press(.enter)
        let data = try JSONEncoder().encode(app.state)
        let json = String(decoding: data, as: UTF8.self)
        #expect(!json.contains("s3cret"))
        #expect(json.contains("replicator"))
        let back = try JSONDecoder().decode(WalkthroughState.self, from: data)
        #expect(back.currentStepID == app.state.currentStepID)
        #expect(back.answers.password == nil)
    }
}
