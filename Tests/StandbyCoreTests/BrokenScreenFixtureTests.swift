import Testing
@testable import StandbyCore

/// Each fixture in Fixtures/broken-screens holds one mistake an author
/// makes; check-screens must point at the exact line with a plain reason.
@Suite("Broken screen fixtures")
struct BrokenScreenFixtureTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let file: String
        let line: Int
        let reason: String
        var testDescription: String { file }
    }

    static let singleFileCases: [Case] = [
        Case(file: "01-unknown-key.yaml", line: 9,
             reason: "unknown key 'user' (expected one of run, service, as, destructive, guard, timeout)"),
        Case(file: "02-unknown-action.yaml", line: 7,
             reason: "unknown action 'restart' (expected one of info, form, command, edit, gate, verify)"),
        Case(file: "03-undefined-variable.yaml", line: 6,
             reason: "undefined variable $PRIMARY_PORT in 'text' (neither a form input nor a derived value)"),
        Case(file: "04-bad-condition.yaml", line: 7,
             reason: "bad version condition: \"19\" is not a PostgreSQL major version the wizard knows (9.5 to 18)"),
        Case(file: "05-yaml-syntax.yaml", line: 8,
             reason: "YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence started at line 7)"),
        Case(file: "06-two-actions.yaml", line: 9,
             reason: "more than one action (command, edit); a step does exactly one thing"),
        Case(file: "07-password-in-command.yaml", line: 9,
             reason: "$REP_USER_PW in a command line would appear in the process list; the runner supplies the password itself"),
        Case(file: "08-wrong-type.yaml", line: 2,
             reason: "'title' must be a string, not a list"),
    ]

    @Test(arguments: singleFileCases)
    func fileReportsExactlyItsMistake(_ expected: Case) {
        let path = TestPaths.brokenScreen(expected.file)
        let (screen, problems) = ScreenLoader.load(file: path)
        #expect(screen == nil)
        #expect(problems.map(\.description) == ["\(path):\(expected.line): \(expected.reason)"])
    }

    @Test func duplicateIdIsReportedOnTheSecondFileNamingTheFirst() {
        let (screens, problems) = ScreenLoader.load(directory: TestPaths.brokenScreens)
        let first = TestPaths.brokenScreen("09-duplicate-id-first.yaml")
        let second = TestPaths.brokenScreen("10-duplicate-id-second.yaml")
        let duplicates = problems.filter { $0.message.hasPrefix("duplicate id") }
        #expect(duplicates.map(\.description) == ["\(second):2: duplicate id 'welcome' (first used in \(first))"])
        #expect(screens.map(\.id) == ["welcome"])
        #expect(screens.first?.location.file == first)
    }

    @Test func directoryReportsEveryFixtureInFileOrder() {
        let (_, problems) = ScreenLoader.load(directory: TestPaths.brokenScreens)
        let expected = Self.singleFileCases.map { "\(TestPaths.brokenScreen($0.file)):\($0.line): \($0.reason)" }
        #expect(problems.map(\.description).dropLast() == expected[...])
        #expect(problems.count == expected.count + 1)
    }
}
