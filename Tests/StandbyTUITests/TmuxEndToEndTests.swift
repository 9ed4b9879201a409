import Foundation
import Testing

/// The real binary, in tmux, as an operator would use it. Serialized: each
/// test starts its own tmux server, and two cores are better spent one at
/// a time than racing timers.
@Suite("The real binary in tmux", .serialized)
struct TmuxEndToEndTests {
    let screens = BuiltBinary.repositoryRoot.appendingPathComponent("screens").path

    func start(width: Int = 80, height: Int = 24, environment: [String: String] = [:],
               extra: [String] = []) throws -> TmuxSession {
        try TmuxSession([BuiltBinary.path, "--screens", screens] + extra,
                        width: width, height: height, environment: environment)
    }

    /// From the welcome step to the primary host form.
    func openPrimaryForm(_ session: TmuxSession) throws {
        try session.waitFor("Step 1 of")
        for _ in 0..<4 {
            if try session.screen().contains("Primary address") { return }
            try session.press("Enter")
            Thread.sleep(forTimeInterval: 0.1)
        }
        try session.waitFor("Primary address")
    }

    @Test func badThenGoodAddressInTheForm() throws {
        let session = try start()
        try openPrimaryForm(session)
        try session.press("C-u")
        try session.type("192.0.2.300")
        let bad = try session.waitFor("! ")
        #expect(bad.contains("192.0.2.300"))
        // Nothing invalid advances: Enter through the form stays on it.
        let title = try session.format("#{pane_title}")
        _ = title
        for _ in 0..<6 { try session.press("Enter") }
        let refused = try session.waitFor("need")
        #expect(refused.contains("Primary address"))

        try session.press("Tab", "Tab", "Tab", "Tab", "Tab", "Tab")
        // Back on the first field: fix it.
        var screen = try session.screen()
        var guardCount = 0
        while !screen.contains("192.0.2.300") && guardCount < 3 { guardCount += 1; screen = try session.screen() }
        try session.press("C-u")
        try session.type("192.0.2.10")
        Thread.sleep(forTimeInterval: 0.2)
        let fixed = try session.screen()
        #expect(fixed.contains("192.0.2.10"))
        #expect(!fixed.contains("192.0.2.300"))
    }

    @Test func redrawsOnResizeAndRefusesATinyTerminal() throws {
        let session = try start(width: 100, height: 30)
        try session.waitFor("Step 1 of")
        try session.resize(width: 70, height: 20)
        let small = try session.waitFor("terminal too small")
        #expect(small.contains("needs 80x24, have 70x20"))
        try session.resize(width: 80, height: 24)
        let back = try session.waitFor("Step 1 of")
        let header = back.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.hasSuffix("Step 1 of") == false)
        // The step counter is right-aligned at the new width.
        #expect(header.count <= 80)
        #expect(!back.contains("terminal too small"))
        try session.resize(width: 120, height: 40)
        let wide = try session.waitFor("Step 1 of")
        #expect((wide.split(separator: "\n").first?.count ?? 0) > 80)
    }

    @Test(arguments: ["C-c", "q"])
    func quitRestoresTheTerminal(key: String) throws {
        let session = try start()
        try session.waitFor("Step 1 of")
        #expect(try session.format("#{alternate_on}") == "1")
        try session.press(key)
        try session.waitForExit()
        #expect(try session.format("#{alternate_on}") == "0")
        #expect(try session.format("#{cursor_flag}") == "1")
        #expect(try session.screen().contains("standby-wizard: stopped at step 1"))
    }

    @Test(arguments: [("TERM", 15), ("HUP", 1)])
    func signalsRestoreTheTerminal(signal: String, number: Int32) throws {
        let session = try start()
        try session.waitFor("Step 1 of")
        let pid = try session.format("#{pane_pid}")
        let kill = Process()
        kill.executableURL = URL(fileURLWithPath: "/bin/kill")
        kill.arguments = ["-\(signal)", pid]
        try kill.run()
        kill.waitUntilExit()
        try session.waitForExit()
        #expect(try session.format("#{alternate_on}") == "0")
        #expect(try session.format("#{pane_dead_status}") == "\(128 + number)")
    }

    @Test func crashRestoresTheTerminal() throws {
        let session = try start()
        try session.waitFor("Step 1 of")
        let pid = try session.format("#{pane_pid}")
        let kill = Process()
        kill.executableURL = URL(fileURLWithPath: "/bin/kill")
        kill.arguments = ["-SEGV", pid]
        try kill.run()
        kill.waitUntilExit()
        try session.waitForExit()
        #expect(try session.format("#{alternate_on}") == "0")
        #expect(try session.format("#{cursor_flag}") == "1")
    }

    @Test func linuxConsoleDrawsLinesAndColour() throws {
        let session = try start(environment: ["TERM": "linux"])
        let screen = try session.waitFor("Step 1 of")
        #expect(screen.contains("\u{2502}") || screen.contains("x"))
        let attributed = try session.screenWithAttributes()
        #expect(attributed.contains("\u{1B}[3") || attributed.contains("\u{1B}[4"))
    }

    @Test(arguments: [["TERM": "vt100"], ["NO_COLOR": "1"]])
    func monochromeUsesNoColour(environment: [String: String]) throws {
        let session = try start(environment: environment)
        try session.waitFor("Step 1 of")
        let attributed = try session.screenWithAttributes()
        // Colour escapes are ESC[3Nm / ESC[4Nm (and 38;/48;); reverse video is ESC[7m.
        let colour = try Regex("\u{1B}\\[[0-9;]*(3[0-8]|4[0-8])[;m]")
        #expect(attributed.firstMatch(of: colour) == nil)
        #expect(attributed.contains("\u{1B}[7m"))
    }

    @Test func dumbTerminalIsRefusedWithAMessage() throws {
        let session = try start(environment: ["TERM": "dumb"])
        try session.waitForExit()
        let screen = try session.screen()
        #expect(screen.contains("cannot drive terminal type \"dumb\""))
        #expect(try session.format("#{pane_dead_status}") != "0")
    }
}
