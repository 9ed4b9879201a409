import Foundation
@testable import StandbyCore
import Testing

@Suite("The journal of a walkthrough")
struct JournalTests {
    static let walkthrough = Walkthrough(screens: ["one", "two", "three"].map { id in
        ScreenDefinition(id: id, title: "Step \(id)", host: .secondary, text: "", action: .info,
                         location: SourceLocation(file: "t", line: 1))
    })

    static func state(at step: String, done: [String], password: String? = "pw") -> WalkthroughState {
        var answers = Answers(["SECONDARY_PG_IP": "192.0.2.20", "SECONDARY_PG_CLUSTER": "main", "REP_USER": "rep"])
        answers[Answers.passwordName] = password
        var state = WalkthroughState(mode: .full, currentStepID: step, answers: answers)
        for id in done { state.statuses[id] = .done }
        state.records["two"] = StepRecord()
        state.records["two"]?.attempts = 1
        state.records["two"]?.outputTail = ["kept as /srv/main.pre-standby-1"]
        return state
    }

    @Test func savedWholeWithoutThePasswordAndReadBack() throws {
        let directory = try TemporaryDirectory()
        let journal = try Journal(directory: directory.path + "/journals", key: "standby-test")
        let state = Self.state(at: "two", done: ["one"], password: "s3cret journal pw")
        try journal.save(state)
        let text = try String(contentsOfFile: journal.path, encoding: .utf8)
        #expect(!text.contains("s3cret"))
        var attributes = stat()
        #expect(stat(journal.path, &attributes) == 0)
        #expect(attributes.st_mode & 0o777 == 0o600)
        var expected = state
        expected.answers[Answers.passwordName] = nil
        #expect(try journal.load() == expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/journals").sorted()
                == ["standby-test.json", "standby-test.lock"], "a temporary file was left")
    }

    @Test func aSecondWizardOnTheSameStandbyIsRefusedWithTheFirstsPid() throws {
        let directory = try TemporaryDirectory()
        let first = try Journal(directory: directory.path, key: "standby-x")
        #expect(throws: Journal.OpenError.busy(pid: "\(getpid())", journal: first.path)) {
            _ = try Journal(directory: directory.path, key: "standby-x")
        }
        // Another standby is another journal.
        _ = try Journal(directory: directory.path, key: "standby-y")
    }

    @Test func theKeyNamesTheStandby() {
        #expect(Journal.key(for: Self.state(at: "one", done: []).answers) == "standby-192.0.2.20-5432-main")
        #expect(Journal.key(for: Answers(["SECONDARY_PG_IP": "2001:db8::20", "SECONDARY_PG_CLUSTER": "/srv/pg data"]))
                == "standby-2001_db8__20-5432-_srv_pg_data")
        #expect(Journal.key(for: Answers()) == nil)
    }

    @Test func aCutOffWalkthroughResumesWhereItWas() {
        let saved = Self.state(at: "two", done: ["one"], password: nil)
        let given = WalkthroughState(mode: .full, answers: Answers(["REP_USER_PW": "again", "REP_USER": "rep2"]))
        let start = Resume.start(given, saved: saved, walkthrough: Self.walkthrough, fresh: false, journalPath: "/j")
        #expect(start.resumed)
        #expect(start.state.currentStepID == "two")
        #expect(start.state.status(of: "one") == .done)
        #expect(start.state.answers.password == "again")
        #expect(start.state.answers["REP_USER"] == "rep2", "an answer given now wins")
        #expect(start.lines == ["Resuming from /j at \"Step two\"; --fresh starts over.", "  done: Step one",
                                "  interrupted: Step two (kept as /srv/main.pre-standby-1)"])
    }

    @Test func freshFinishedOrAnotherModeStartsOver() {
        let saved = Self.state(at: "two", done: ["one"])
        let given = WalkthroughState(mode: .full)
        let fresh = Resume.start(given, saved: saved, walkthrough: Self.walkthrough, fresh: true, journalPath: "/j")
        #expect(!fresh.resumed && fresh.state == given && fresh.lines.first?.hasPrefix("Starting over (--fresh)") == true)
        let finished = Resume.start(given, saved: Self.state(at: "three", done: ["one", "two", "three"]),
                                    walkthrough: Self.walkthrough, fresh: false, journalPath: "/j")
        #expect(!finished.resumed && finished.lines.isEmpty)
        let rebuild = Resume.start(WalkthroughState(mode: .rebuild), saved: saved, walkthrough: Self.walkthrough,
                                   fresh: false, journalPath: "/j")
        #expect(!rebuild.resumed)
        #expect(rebuild.lines.first?.contains("is of a full walkthrough") == true)
    }
}
