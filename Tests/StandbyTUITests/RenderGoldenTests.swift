import Foundation
import StandbyCore
import StandbyTUI
import Testing

@Suite("Every screen kind renders to its golden text")
struct RenderGoldenTests {
    static let sizes = [TerminalSize(width: 80, height: 24), TerminalSize(width: 120, height: 40)]

    @Test(arguments: ["welcome", "primary-host", "replication", "create-role", "pg-hba",
                      "settings", "restart", "primary-gate", "move-aside", "verify"],
          sizes)
    func step(id: String, size: TerminalSize) {
        let app = FixtureSteps.app(at: id, size: size)
        GoldenFile.check("\(id)-\(size)", app.draw())
    }

    @Test(arguments: sizes)
    func formWithErrorsAfterSubmit(size: TerminalSize) {
        var app = FixtureSteps.app(at: "primary-host", answers: [:], size: size)
        app.type("192.0.2.300")
        app.press(.tab, .ctrl("u"))
        app.type("99999")
        app.press(.tab, .tab, .tab, .tab, .enter)
        GoldenFile.check("form-errors-\(size)", app.draw())
    }

    @Test func passwordIsMaskedWhileTyped() {
        var app = FixtureSteps.app(at: "replication", answers: [:])
        app.press(.tab)
        app.type("pä'ss\\word")
        let text = app.draw().text
        #expect(!text.contains("pä'ss"))
        #expect(text.contains("**********"))
        GoldenFile.check("password-typed-80x24", app.draw())
    }

    @Test func helpOverlay() {
        var app = FixtureSteps.app(at: "welcome")
        app.press(.function(1))
        GoldenFile.check("help-80x24", app.draw())
    }

    @Test func quitConfirmationAfterAHostChanged() {
        var state = WalkthroughState(mode: .full, currentStepID: "restart", answers: Answers(FixtureSteps.goodAnswers))
        state.changedHosts = [.primary]
        var app = FixtureSteps.app(state)
        #expect(app.press(.character("q")) == .running)
        GoldenFile.check("quit-confirm-80x24", app.draw())
    }

    @Test(arguments: [TerminalSize(width: 79, height: 24), TerminalSize(width: 80, height: 23), TerminalSize(width: 40, height: 10)])
    func tooSmall(size: TerminalSize) {
        let app = FixtureSteps.app(at: "welcome", size: size)
        // Joined, since a narrow terminal wraps the message.
        let text = app.draw().text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(text.contains("terminal too small (needs 80x24, have \(size))"))
    }

    @Test func unicodeLines() {
        let app = FixtureSteps.app(at: "welcome")
        GoldenFile.check("welcome-unicode-80x24", app.draw(glyphs: .unicode))
    }
}
