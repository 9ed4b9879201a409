import Testing
@testable import StandbyCore

@Suite("check-screens")
struct ScreenCheckTests {
    /// The procedure as shipped: one file per step, see screens/.
    static let shippedStepCount = 37

    @Test func shippedScreensHaveNoProblems() {
        let (report, ok) = ScreenCheck.run(directory: TestPaths.screens)
        #expect(ok)
        #expect(report == "\(TestPaths.screens): \(Self.shippedStepCount) screens, 0 problems\n")
    }

    @Test func brokenFixturesAreListedThenSummarised() {
        let (report, ok) = ScreenCheck.run(directory: TestPaths.brokenScreens)
        #expect(!ok)
        let lines = report.split(separator: "\n").map(String.init)
        let (_, problems) = ScreenLoader.load(directory: TestPaths.brokenScreens)
        #expect(Array(lines.dropLast()) == problems.map(\.description))
        #expect(lines.allSatisfy { $0.hasPrefix(TestPaths.brokenScreens + "/") || $0.hasPrefix(TestPaths.brokenScreens + ":") })
        // Nine broken files, one problem each; the first of the duplicate pair is fine.
        #expect(lines.last == "\(TestPaths.brokenScreens): 1 screen, 9 problems in 9 files")
    }

    @Test func problemLinesCarryFileAndLine() throws {
        let dir = try TemporaryDirectory()
        try dir.write("010-ok.yaml", TemporaryDirectory.screen(id: "ok"))
        try dir.write("020-bad.yaml", "id: bad\ntitle: Bad\nhost: local\ntext: $NOPE\n")
        let (report, ok) = ScreenCheck.run(directory: dir.path)
        #expect(!ok)
        #expect(report == """
            \(dir.path)/020-bad.yaml:4: undefined variable $NOPE in 'text' (neither a form input nor a derived value)
            \(dir.path): 1 screen, 1 problem in 1 file

            """)
    }

    @Test func missingDirectoryFails() {
        let (report, ok) = ScreenCheck.run(directory: "/nonexistent/screens/")
        #expect(!ok)
        #expect(report == """
            /nonexistent/screens/: no such directory
            /nonexistent/screens/: 0 screens, 1 problem

            """)
    }

    @Test func directoryWithoutScreenFilesFails() throws {
        let dir = try TemporaryDirectory()
        let (report, ok) = ScreenCheck.run(directory: dir.path)
        #expect(!ok)
        #expect(report.hasSuffix("\(dir.path): 0 screens, 1 problem\n"))
    }
}
