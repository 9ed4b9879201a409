import Foundation
import StandbyCore
@testable import StandbyTUI
import TestSupport
import Testing

/// A form of the built-in walkthrough opens where a first-time operator
/// can read it: at its first line when text and fields fit, else at the
/// start of a paragraph with the first field in view, never mid-sentence.
@Suite("Forms open at their first line or a paragraph")
struct FormOpeningTests {
    static var formSteps: [String] {
        ConfirmationGoldenTests.walkthrough.screens.compactMap { step in
            if case .form = step.action { return step.id }
            return nil
        }
    }

    @Test(arguments: formSteps)
    func opensReadably(id: String) throws {
        for size in [TerminalSize(width: 80, height: 24), TerminalSize(width: 80, height: 25)] {
            let app = FixtureSteps.app(WalkthroughState(mode: .full, currentStepID: id, answers: Answers(MemoryLab.answers)),
                                       steps: ConfirmationGoldenTests.walkthrough.screens, size: size, hosts: MemoryLab.hosts())
            let body = app.layout.bodyRect
            let content = StepContent(app: app, width: body.width)
            let rows = body.height - 1
            let block = try #require(content.formBlock)
            let focus = try #require(content.focusLine)
            let top = WizardView.formTop(lines: content.lines, block: block, focus: focus, rows: rows, scrolledUp: 0)
            if content.lines.count <= rows {
                #expect(top == 0)
            } else {
                #expect(top == 0 || content.lines[top - 1] == .blank, "\(id) at \(size) opens mid-paragraph:\n\(app.draw().text)")
            }
            #expect(focus >= top && focus < top + rows, "\(id): the first field is not in view")
            // PgUp brings the first line back.
            var scrolled = app
            _ = scrolled.handle(.pageUp)
            _ = scrolled.handle(.pageUp)
            _ = scrolled.handle(.pageUp)
            let first = content.lines.first { $0 != .blank }?.segments.map(\.text).joined() ?? ""
            #expect(scrolled.draw().text.contains(first), "\(id): the text's first line is not reachable")
        }
    }
}
