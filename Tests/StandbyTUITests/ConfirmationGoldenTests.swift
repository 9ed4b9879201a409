import Foundation
import StandbyCore
@testable import StandbyTUI
import TestSupport
import Testing

/// The question before each command of the built-in walkthrough, at 80x24
/// on two hosts in memory: the whole command is on screen when the
/// operator answers, wrapped only between shell words, the question under
/// it, and the pane as wide as the terminal allows.
@Suite("Every command's question shows the whole command", .serialized)
struct ConfirmationGoldenTests {
    static let size = TerminalSize(width: 80, height: 24)
    static var walkthrough: Walkthrough { Walkthrough(screens: ScreenLoader.load(sources: BuiltInScreens.files).screens) }
    static var commandSteps: [String] {
        walkthrough.screens.compactMap { step in
            if case .command = step.action { return step.id }
            return nil
        }
    }

    /// The app at a step of the built-in walkthrough, asking its question.
    static func asking(at id: String) -> WizardApp {
        var app = FixtureSteps.app(WalkthroughState(mode: .full, currentStepID: id, answers: Answers(MemoryLab.answers)),
                                   steps: walkthrough.screens, size: size, hosts: MemoryLab.hosts())
        app.clock = { Date(timeIntervalSince1970: 1_000_000) }
        LiveGoldenTests.settle(&app)
        app.press(.enter)
        LiveGoldenTests.settle(&app)
        return app
    }

    /// The command as the screen shows it, read back the way a shell reads
    /// ` \`-newline: the rows from `$ ` on, gutters dropped.
    static func commandOnScreen(_ screen: MemoryScreen, paneColumn: Int) -> String? {
        ShownCommand.read(screen.text, paneColumn: paneColumn)
    }

    @Test func theSetAsideIsDestructiveAndAsksWithItsMvInView() throws {
        var app = Self.asking(at: "secondary-set-aside")
        #expect(app.keyContext == .commandConfirming)
        let text = app.draw().text
        #expect(text.contains("This changes data on disk. Run it? y/N"))
        #expect(text.contains(#"mv /var/lib/postgresql/15/main "$old""#))
        #expect(!text.contains("..."))
        // The pane is the terminal's width but for the folded list.
        #expect(app.layout.bodyRect.width >= 72)
        app.press(.character("n"))
        #expect(app.keyContext != .commandConfirming)
    }

    @Test(arguments: commandSteps)
    func questionShowsTheWholeCommand(id: String) throws {
        let app = Self.asking(at: id)
        guard app.keyContext == .commandConfirming else {
            // A step with nothing to ask here (its check found it done, or
            // it cannot be planned on these hosts) says why on screen.
            #expect(id != "secondary-set-aside" && id != "secondary-stop", "\(app.draw().text)")
            return
        }
        let plan = try #require(app.driver?.command?.plan)
        let screen = app.draw()
        let shown = try #require(Self.commandOnScreen(screen, paneColumn: app.layout.bodyRect.col), "\(screen.text)")
        #expect(ShellWrap.words(shown) == ShellWrap.words(plan.shownCommand), "\(screen.text)")
        #expect(screen.text.contains(plan.destructive ? "Run it? y/N" : "Run it now? Y/n"))
        GoldenFile.check("confirm-\(id)-\(Self.size)", screen)
    }

    /// A command longer than the pane: it scrolls, and the question says so
    /// and stays in view.
    @Test func aCommandTooLongForThePaneScrollsUnderItsQuestion() throws {
        let long = (1...60).map { "echo step-\($0) &&" }.joined(separator: " ") + " true"
        let step = ScreenDefinition(id: "long", title: "A long command", host: .secondary, text: "Runs many things.",
                                    action: .command(CommandAction(spec: .shell(long), destructive: true)),
                                    location: FixtureSteps.at(1))
        var app = FixtureSteps.app(WalkthroughState(mode: .full, currentStepID: "long", answers: Answers(MemoryLab.answers)),
                                   steps: [step], size: Self.size, hosts: MemoryLab.hosts())
        app.press(.enter)
        LiveGoldenTests.settle(&app)
        #expect(app.keyContext == .commandConfirming)
        let first = app.draw().text
        #expect(first.contains("Up/Down shows the rest"))
        #expect(first.contains("y/N"))
        #expect(first.contains("echo step-1 "))
        #expect(!first.contains("echo step-60 "))
        app.press(.pageDown, .pageDown, .pageDown, .pageDown)
        let last = app.draw().text
        #expect(last.contains("echo step-60 "))
        #expect(last.contains("y/N"))
        GoldenFile.check("confirm-scrolled-\(Self.size)", app.draw())
        app.press(.up)
        #expect(app.draw().text.contains("y/N"))
    }
}
