import Foundation
import StandbyCore
import TestSupport
import Testing

/// The real binary, in tmux, as an operator would use it. Serialized: each
/// test starts its own tmux server, and two cores are better spent one at
/// a time than racing timers.
@Suite("The real binary in tmux", .serialized, .enabled(if: Tmux.installed, Tmux.missing))
struct TmuxEndToEndTests {
    let screens = BuiltBinary.repositoryRoot.appendingPathComponent("screens").path

    func start(width: Int = 80, height: Int = 24, environment: [String: String] = [:],
               extra: [String] = []) throws -> TmuxSession {
        try TmuxSession([BuiltBinary.path, "--screens", screens] + extra,
                        width: width, height: height, environment: environment)
    }

    /// From the welcome step to the primary host form: Enter, then wait for
    /// the next step's repaint before pressing again.
    func openPrimaryForm(_ session: TmuxSession) throws {
        try press("Enter", in: session, until: { $0.contains("Primary address") }, from: try session.waitFor("Step 1 of"))
    }

    /// Presses `key` until `done` holds, each time waiting for the step
    /// counter to move on (a key pressed before the repaint may land on the
    /// old step, or be read as part of an escape sequence).
    @discardableResult
    func press(_ key: String, in session: TmuxSession, limit: Int = 12, until done: (String) -> Bool,
               from first: String) throws -> String {
        var screen = first
        for _ in 0..<limit where !done(screen) {
            let step = Self.stepCounter(screen)
            try session.press(key)
            screen = try session.waitUntil { done($0) || Self.stepCounter($0) != step }
        }
        try #require(done(screen), "never got there; last screen:\n\(screen)")
        return screen
    }

    static func stepCounter(_ screen: String) -> String? {
        screen.firstMatch(of: /Step [0-9]+ of [0-9]+/).map { String($0.output) }
    }

    /// pg_lsclusters runs only after the first frame is drawn; the form
    /// still shows the version it found, however soon Enter comes.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: ClusterDetection.lsclustersPath), "no pg_lsclusters here"))
    func theFormShowsThisMachinesVersionFoundAfterTheFirstFrame() throws {
        let clusters = try ClusterDetection.detect(on: LocalHost())
        let version = try #require(ClusterDetection.suggestedAnswers(for: .primary, clusters: clusters)["PRIMARY_PG_VERSION"])
        let session = try start()
        try openPrimaryForm(session)
        let form = try session.waitFor("Primary version  [\(version) ")
        #expect(form.contains("Step 2 of"))
    }

    @Test func badThenGoodAddressInTheForm() throws {
        let session = try start()
        try openPrimaryForm(session)
        try session.press("C-u")
        try session.type("192.0.2.300")
        let bad = try session.waitFor("[192.0.2.300 ")
        #expect(bad.contains("! IPv4 is four numbers 0-255"))

        // Enter walks the fields; on the last it submits, and is refused.
        try session.press("Enter", "Enter", "Enter", "Enter", "Enter")
        let refused = try session.waitFor("1 field needs attention")
        #expect(refused.contains("Step 2 of"))

        // The refusal put the focus back on the bad field: fix it.
        try session.press("C-u")
        try session.type("192.0.2.10")
        let fixed = try session.waitFor("[192.0.2.10 ")
        #expect(!fixed.contains("! IPv4"))
        try session.press("Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Enter")
        let next = try session.waitFor("Secondary address")
        #expect(next.contains("Step 3 of"))
    }

    @Test func redrawsOnResizeAndRefusesATinyTerminal() throws {
        let session = try start(width: 100, height: 30)
        try session.waitFor("Step 1 of")
        try session.resize(width: 70, height: 20)
        let small = try session.waitFor("terminal too small")
        #expect(small.contains("needs 80x24, have 70x20"))
        try session.resize(width: 80, height: 24)
        let back = try session.waitFor("Step 1 of")
        // The step counter is right-aligned at the new width, one blank
        // column from the edge: it ends in column 79 (capture-pane drops
        // trailing blanks, so the line's length says where it ends).
        let header = back.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.count == 79, "\(header)")
        #expect(header.wholeMatch(of: /.* Step 1 of [0-9]+/) != nil, "\(header)")
        #expect(!back.contains("terminal too small"))
        try session.resize(width: 120, height: 40)
        let wide = try session.waitUntil { ($0.split(separator: "\n").first?.count ?? 0) > 80 }
        let wideHeader = wide.split(separator: "\n").first.map(String.init) ?? ""
        #expect(wideHeader.count == 119 && wideHeader.wholeMatch(of: /.* Step 1 of [0-9]+/) != nil, "\(wideHeader)")
    }

    @Test(arguments: ["C-c", "q"])
    func quitRestoresTheTerminal(key: String) throws {
        let session = try start()
        try session.waitFor("Step 1 of")
        #expect(try session.format("#{alternate_on}") == "1")
        try session.press(key)
        #expect(try session.waitForExit() == 0)
        #expect(try session.format("#{alternate_on}") == "0")
        #expect(session.terminalWasRestored())
        #expect(session.rawBytes().contains("standby-wizard: stopped at step 1 of"))
    }

    @Test(arguments: [("TERM", 15), ("HUP", 1)])
    func signalsRestoreTheTerminal(signal: String, number: Int32) throws {
        let session = try start()
        try session.waitFor("Step 1 of")
        let pid = try session.programPid()
        _ = try ChildProcess.run(["/bin/kill", "-\(signal)", pid])
        #expect(try session.waitForExit() == 128 + Int(number))
        #expect(try session.format("#{alternate_on}") == "0")
        #expect(session.terminalWasRestored())
    }

    /// A real fault (the hidden STANDBY_WIZARD_CRASH_TEST switch writes
    /// through a null pointer) and a SEGV sent from outside: both leave the
    /// wizard's own report in the session log. `.dev/release-check` makes
    /// the same check on the release binary, whose runtime has no
    /// backtracer to add one.
    @Test(arguments: ["fault", "signal"])
    func crashRestoresTheTerminalAndReportsInTheSessionLog(_ how: String) throws {
        let stateHome = FileManager.default.temporaryDirectory.appendingPathComponent("state-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: stateHome) }
        var environment = ["XDG_STATE_HOME": stateHome]
        if how == "fault" { environment["STANDBY_WIZARD_CRASH_TEST"] = "1" }
        let session = try start(environment: environment)
        if how == "signal" {
            try session.waitFor("Step 1 of")
            _ = try ChildProcess.run(["/bin/kill", "-SEGV", try session.programPid()])
        }
        // Swift's backtracer, where it runs, takes seconds after ours.
        #expect(try session.waitForExit(limit: .seconds(90)) == 128 + 11)
        let logPath = stateHome + "/standby-wizard/session.log"
        #expect(session.rawBytes().contains("standby-wizard crashed; the report is in \(logPath)"))
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        let report = try #require(log.range(of: "*** standby-wizard crash report ***").map { String(log[$0.lowerBound...]) }, "\(log)")
        #expect(report.contains("Program crashed: SIGSEGV (11), pid \(try #require(log.firstMatch(of: /pid ([0-9]+)/)?.1))"))
        #expect(report.contains("binary: "))
        let frames = report.split(separator: "\n").filter { $0.contains("standby-wizard(+0x") }
        #expect(frames.count >= 3, "\(report)")
        #expect(report.contains("*** end of crash report ***"))
        #expect(try session.format("#{alternate_on}") == "0")
        #expect(session.terminalWasRestored())
    }

    @Test func linuxConsoleDrawsLinesAndColour() throws {
        let session = try start(environment: ["TERM": "linux"])
        let screen = try session.waitUntil { $0.contains("Step 1 of") && $0.contains(" quit") }
        #expect(screen.contains("\u{250C}\u{2500}\u{2500}"))
        let attributed = try session.screenWithAttributes()
        #expect(attributed.contains("\u{1B}[3") || attributed.contains("\u{1B}[4"))
    }

    @Test(arguments: [(["LANG": "C.UTF-8"], ["--ascii"]), (["LANG": "C"], [])])
    func plainLinesWithTheFlagOrWithoutUTF8(environment: [String: String], flags: [String]) throws {
        let session = try start(environment: environment.merging(["TERM": "linux"]) { $1 }, extra: flags)
        // The key bar is the last row drawn: a capture with it holds the frame.
        let screen = try session.waitUntil { $0.contains("Step 1 of") && $0.contains(" quit") }
        #expect(screen.contains("+----"))
        #expect(!screen.contains("\u{2500}"))
    }

    /// `rebuild` opens the standby's part alone, starting from the check of
    /// what the data directory last was.
    @Test func rebuildShowsOnlyTheStandbysSteps() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rebuild-\(UUID().uuidString).yaml").path
        try "PRIMARY_PG_IP: 192.0.2.10\nPRIMARY_PG_VERSION: 15\nSECONDARY_PG_IP: 192.0.2.20\nSECONDARY_PG_VERSION: 15\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        defer { unlink(file) }
        let session = try TmuxSession([BuiltBinary.path, "rebuild", "--screens", screens, "--answers", file],
                                      width: 80, height: 40, environment: ["TERM": "linux"])
        let screen = try session.waitUntil { $0.contains("Step 1 of") && $0.contains(" quit") }
        #expect(screen.contains("Check the old role"))
        #expect(screen.contains("Check the standby"))
        #expect(!screen.contains("Create the role"))
        #expect(!screen.contains("Prove it replicates"))
        #expect(!screen.contains(" P "))
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
        let status = try session.waitForExit()
        #expect(session.rawBytes().contains("Error: cannot drive terminal type \"dumb\""))
        #expect(status == 1)
    }

    @Test func answersFilePreloadsTheForm() throws {
        let file = try temporaryFile("""
            PRIMARY_PG_IP: 2001:db8::10
            PRIMARY_PG_PORT: 5433
            PRIMARY_PG_VERSION: 9.6
            PRIMARY_PG_CLUSTER: /srv/pg/data
            """)
        defer { unlink(file) }
        let session = try start(extra: ["--answers", file])
        try openPrimaryForm(session)
        let screen = try session.waitFor("[2001:db8::10 ")
        #expect(screen.contains("[5433 "))
        #expect(screen.contains("[9.6 "))
        #expect(screen.contains("[/srv/pg/data "))
    }

    @Test func aBadAnswersFileStopsBeforeTheTerminalIsTaken() throws {
        let file = try temporaryFile("PRIMARY_PG_IP: 192.0.2.10\nREP_USER: Postgres\n")
        defer { unlink(file) }
        let session = try start(extra: ["--answers", file])
        #expect(try session.waitForExit() == 1)
        let output = session.rawBytes()
        #expect(output.contains("\(file):2: REP_USER"))
        #expect(!output.contains("\u{1B}[?1049h"))
    }

    @Test func passwordFromTheEnvironmentIsNeverShown() throws {
        let secret = "Tr0ub4dor&3-env"
        let file = try temporaryFile("""
            PRIMARY_PG_IP: 192.0.2.10
            PRIMARY_PG_VERSION: 15
            SECONDARY_PG_IP: 192.0.2.20
            SECONDARY_PG_VERSION: 15
            """)
        defer { unlink(file) }
        let session = try start(environment: ["REP_USER_PW": secret], extra: ["--answers", file])
        // Enter walks each form's fields and submits from the last one; a
        // field's Enter moves the cursor, not the step counter, so this
        // waits for any repaint.
        var screen = try session.waitFor("Step 1 of")
        for _ in 0..<12 where !screen.contains("Role password") {
            let before = try session.screenWithAttributes()
            try session.press("Enter")
            _ = try session.waitUntil { _ in (try? session.screenWithAttributes()) != before }
            screen = try session.screen()
        }
        try #require(screen.contains("Role password"), "\(screen)")
        #expect(screen.contains("[***************"))
        try session.press("F10")   // q would be typed into the field
        _ = try session.waitForExit()
        #expect(!session.rawBytes().contains(secret))
    }

    func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("answers-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// A wizard killed with SIGKILL while a command runs leaves nothing of
/// that command running: the command's session dies with it.
@Suite("Commands die with the wizard", .serialized)
struct KilledWizardTests {
    @Test(.enabled(if: getuid() == 0, "runs the command as postgres, which needs root"))
    func aKilledWizardTakesItsCommandAlong() throws {
        let screens = FileManager.default.temporaryDirectory.appendingPathComponent("killed-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: screens, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: screens) }
        // A marker no other process on the machine has in its command line.
        let marker = "\(1000 + Int(getpid() % 1000)).5"
        try """
        id: long
        title: A long command
        host: secondary
        text: |
          Runs until stopped.
        action:
          command:
            as: postgres
            run: echo started && sleep \(marker)
        """.write(toFile: screens + "/100-long.yaml", atomically: true, encoding: .utf8)
        let session = try TmuxSession([BuiltBinary.path, "--screens", screens], environment: ["TERM": "linux"])
        try session.waitFor("Step 1 of 1")
        try session.press("Enter")
        try session.waitFor("y run it")
        try session.press("y")
        // The screen shows "echo started" before it runs: the process
        // itself is what to wait for.
        func running() throws -> Bool {
            try ChildProcess.run(["pgrep", "-f", "sleep \(marker)"]).status == 0
        }
        let started = Date().addingTimeInterval(10)
        while try !running(), Date() < started { Thread.sleep(forTimeInterval: 0.1) }
        #expect(try running(), "the command never started")
        let pid = try session.programPid()
        #expect(kill(Int32(pid) ?? 0, SIGKILL) == 0)
        let deadline = Date().addingTimeInterval(10)
        while try running(), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(try !running(), "the command outlived the wizard")
        _ = try? ChildProcess.run(["pkill", "-KILL", "-f", "sleep \(marker)"])
    }
}
