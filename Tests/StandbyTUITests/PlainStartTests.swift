import Foundation
import StandbyCore
import TestSupport
import Testing

/// `standby-wizard` with no arguments, as an operator at a console types
/// it, starts without the argument parser and from the steps compiled into
/// the binary. It must be the same wizard as `standby-wizard interactive`.
@Suite("The wizard started with no arguments", .serialized, .enabled(if: Tmux.installed, Tmux.missing))
struct PlainStartTests {
    /// Its own state directories, so no journal or transcript of the
    /// operator's is read or written.
    final class Scratch {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("standby-plain-\(UUID().uuidString)").path
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static func environment(_ scratch: Scratch, _ extra: [String: String] = [:]) -> [String: String] {
        ["HOME": scratch.path, "XDG_STATE_HOME": scratch.path, "STANDBY_WIZARD_JOURNAL_DIR": scratch.path + "/journals"]
            .merging(extra) { $1 }
    }

    @Test func itDrawsWhatInteractiveDrawsAndQuitsTheSameWay() throws {
        let scratch = try Scratch()
        var screens: [String] = []
        for arguments in [[], ["interactive"]] {
            let session = try TmuxSession([BuiltBinary.path] + arguments, environment: Self.environment(scratch))
            // The key line is drawn last: the frame is whole once it shows.
            screens.append(try session.waitFor("q quit"))
            try session.press("q")
            #expect(try session.waitForExit() == 0, "\(session.rawBytes().suffix(400))")
            #expect(session.terminalWasRestored())
            #expect(session.rawBytes().contains("standby-wizard: stopped at step 1 of"))
        }
        #expect(screens[0] == screens[1])
        // The built-in steps, all of them: the counter is the parse's.
        let parsed = Walkthrough(screens: ScreenLoader.load(sources: BuiltInScreens.files).screens)
        let count = parsed.visibleSteps(in: WalkthroughState(mode: .full)).count
        #expect(screens[0].contains("Step 1 of \(count)"), "\(screens[0])")
    }

    /// An error ends it as the parser ends one: the message and status 1.
    @Test func aRefusedTerminalEndsAsWithArguments() throws {
        let scratch = try Scratch()
        let session = try TmuxSession([BuiltBinary.path], environment: Self.environment(scratch, ["TERM": "dumb"]))
        #expect(try session.waitForExit() == 1)
        #expect(session.rawBytes().contains("Error: cannot drive terminal type \"dumb\""))
    }

    /// The sweep of password files left by killed wizards waits for the
    /// first frame, then runs: a dead wizard's file is gone soon after.
    @Test func aDeadWizardsPasswordFileIsSweptAfterTheFirstFrame() throws {
        let scratch = try Scratch()
        let dead = try ChildProcess.run(["/bin/sh", "-c", "echo $$"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let directory = TemporaryPasswordFiles.parent + "/" + TemporaryPasswordFiles.namePrefix + dead + "-plain1"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        try "*:*:*:rep:x\n".write(toFile: directory + "/pgpass", atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let session = try TmuxSession([BuiltBinary.path], environment: Self.environment(scratch))
        _ = try session.waitFor("Step 1 of")
        let deadline = Date().addingTimeInterval(10)
        while FileManager.default.fileExists(atPath: directory) && Date() < deadline { usleep(50_000) }
        #expect(!FileManager.default.fileExists(atPath: directory))
    }
}
