import Foundation
import StandbyCore
@testable import StandbyTUI
import TestSupport
import Testing

/// The console a first-time operator has: 80x25, TERM=linux, on a lab of
/// the test's own. At the question of "Set old data aside" the `mv` that
/// moves the data directory is on screen, whole, before y or n.
extension LabTests {
@Suite("The 80x25 console on a lab", .enabled(if: Tmux.installed, Tmux.missing))
struct ConsoleLabTests {
    /// The command read back from the screen as a shell reads ` \`-newline.
    static func command(on screen: String) -> String? {
        // The folded step list and its box take the first 6 columns.
        ShownCommand.read(screen, paneColumn: 6)
    }

    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func theSetAsideQuestionShowsTheMv() throws {
        let lab = try TestLab("con")
        let session = try TmuxSession([BuiltBinary.path, "lab", "open"] + lab.flags, width: 80, height: 25,
                                      environment: ["TERM": "linux", "LANG": "C.UTF-8"])
        try session.waitFor("Step 1 of")
        let cluster = lab.answers["SECONDARY_PG_CLUSTER"] ?? "?"
        var (screen, visited) = try LabWalk.walk(session) { screen in
            screen.contains("Set old data aside") && (screen.contains("y/N") || screen.contains("Type the standby's cluster"))
        }
        if screen.contains("Type the standby's cluster") {
            // The lab's standby is a cluster in production: its name is typed.
            try session.type(cluster)
            try session.press("Enter")
            screen = try session.waitFor("y/N")
        }
        #expect(screen.contains("Set old data aside") && screen.contains("This changes data on disk. Run it? y/N"),
                "stopped at:\n\(screen)\nvisited: \(visited)")
        let data = try #require(lab.values["SECONDARY_PG_DATA"])
        let shown = try #require(Self.command(on: screen), "no command on screen:\n\(screen)")
        #expect(shown.contains("mv \(data) \"$old\""), "\(shown)\n\(screen)")
        #expect(!screen.contains("..."), "\(screen)")
        // Every row of the command breaks between words: read back, it
        // is the step's command, word for word.
        let step = try #require(ScreenLoader.load(sources: BuiltInScreens.files).screens.first { $0.id == "secondary-set-aside" })
        let plan = try CommandBuilder(facts: ThisMachine().facts(for: .secondary)).plan(for: step, values: lab.values, password: nil)
        #expect(ShellWrap.words(shown) == ShellWrap.words(plan.shownCommand), "\(shown)\n\(plan.shownCommand)")
        // Not now: nothing moves.
        try session.press("n")
        _ = try session.waitUntil(limit: .seconds(5)) { !$0.contains("y/N") }
        #expect(FileManager.default.fileExists(atPath: data + "/PG_VERSION"))
        try session.press("F10")
        try session.waitFor("Quit standby-wizard?")
        try session.press("y")
        #expect(try session.waitForExit() == 0)
        // Back on the normal terminal: where it stopped and how to go on.
        let after = try session.screen().replacingOccurrences(of: "\n  ", with: " ")
        #expect(after.contains("standby-wizard: stopped at step "), "\(after)")
        #expect(after.contains("Stop the standby"), "\(after)")
        #expect(after.contains("Transcript: "), "\(after)")
        #expect(after.contains("resumes at \"Set old data aside\""), "\(after)")
    }
}
}
