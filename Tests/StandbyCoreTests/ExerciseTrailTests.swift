import Foundation
@testable import StandbyCore
import Testing

/// The trail an exercise's walkthrough leaves, and the report and debrief
/// made from it, in memory; the real walks are in LabDebriefTests.
@Suite("Exercise trail, report and debrief")
struct ExerciseTrailTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func state(at step: String, done: [String] = []) -> WalkthroughState {
        var state = WalkthroughState(mode: .lab, currentStepID: step)
        for id in done { state.statuses[id] = .done }
        return state
    }

    static func labState(_ exercise: LabExercise, layout: LabState.Layout = .debian) -> LabState {
        func cluster(_ name: String, _ port: Int) -> LabState.Cluster {
            LabState.Cluster(name: name, port: port, dataDirectory: "/var/lib/postgresql/15/\(name)",
                             logFile: "/var/log/postgresql/postgresql-15-\(name).log", clusterAnswer: name)
        }
        return LabState(layout: layout, version: "15", primary: cluster("t-primary", 55001), standby: cluster("t-standby", 55002),
                        answersFile: "/srv/lab/answers.yaml", archiveDirectory: "/srv/lab/wal-archive", exercise: exercise)
    }

    static func diagnosis(_ id: String) -> Diagnosis {
        Diagnosis(failureID: id, explanation: "", backTo: [], lines: [])
    }

    @Test func aWalkIsWrittenInOrderOnceEachAndGoesOnInANewProcess() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trail-\(UUID().uuidString).jsonl").path
        defer { unlink(path) }
        let trail = ExerciseTrail(path: path)
        trail.note(state: Self.state(at: "welcome"), now: Self.start)
        trail.note(state: Self.state(at: "primary-restart", done: ["welcome"]), now: Self.start.addingTimeInterval(5))
        // A gate says the same on every poll: one failure.
        for second in 10..<13 {
            trail.note(.gateVerdict(.failed([Self.diagnosis("wal-level-minimal")]), signalsSeen: []), step: "primary-ready",
                       outcome: nil, now: Self.start.addingTimeInterval(TimeInterval(second)))
        }
        trail.note(.retry, step: "primary-ready", outcome: nil, now: Self.start.addingTimeInterval(20))
        // r on a step that never failed asks to run it again: no retry.
        trail.note(.retry, step: "welcome", outcome: nil, now: Self.start.addingTimeInterval(20))
        // A typed skip that did not skip is no skip.
        trail.note(.skip(typed: "nope"), step: "primary-ready", outcome: nil, now: Self.start.addingTimeInterval(21))
        trail.end("quit", step: "primary-ready", now: Self.start.addingTimeInterval(22))

        // The trainee comes back later, in a new wizard: the step passes.
        let again = ExerciseTrail(path: path)
        // Done before this session began: not a pass of it.
        again.note(state: Self.state(at: "primary-ready", done: ["welcome"]), now: Self.start.addingTimeInterval(60))
        again.note(state: Self.state(at: "verify", done: ["welcome", "primary-ready"]), now: Self.start.addingTimeInterval(85))
        again.note(.override(typed: "continue anyway"), step: "secondary-streaming", outcome: .completed(.skipped),
                   now: Self.start.addingTimeInterval(86))
        again.end("verified", step: nil, now: Self.start.addingTimeInterval(90))

        let entries = ExerciseTrail.read(path: path)
        #expect(entries.map(\.kind) == [.visit, .visit, .failure, .retry, .end, .visit, .visit, .passed, .override, .end])
        #expect(entries[2].diagnoses == ["wal-level-minimal"])
        #expect(entries[7].step == "primary-ready")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let report = LabReport(state: Self.labState(.walLevelTooLow), trail: entries, journal: nil, journalPath: nil,
                               titles: ["primary-restart": "Restart the primary"])
        let text = report.lines().joined(separator: "\n")
        #expect(text.contains("Where it shows: \"Restart the primary\" (primary-restart), diagnosis wal-level-minimal"), "\(text)")
        #expect(text.contains("Steps visited (4):\n  welcome, primary-restart, primary-ready, verify"), "\(text)")
        #expect(text.contains("First failure: not the exercise's (expected primary-restart, wal-level-minimal)"), "\(text)")
        #expect(text.contains("Retries: 1 (primary-ready)\nSkips: 0\nOverrides: 1 (secondary-streaming)"), "\(text)")
        // 10 s after the start it failed, 85 s after it passed.
        #expect(text.contains("First failure to fix: 1m15s (primary-ready failed at 2027-01-15 08:00:10 UTC, passed at 2027-01-15 08:01:25 UTC)"), "\(text)")
        #expect(text.contains("Verified: yes (ended verified, 2027-01-15 08:01:30 UTC; 2 sessions)"), "\(text)")
        #expect(text.contains("Journal: none found"))
    }

    @Test func aLabWithoutAWalkSaysSo() {
        let text = LabReport(state: Self.labState(.wrongPassword), trail: [], journal: nil, journalPath: nil, titles: [:]).lines()
        #expect(text.last == "No walkthrough of this lab has been recorded yet.")
    }

    /// Every debrief names the lab's own paths and reads on an 80-column
    /// console; only the command to confirm may run longer, as a command.
    @Test(arguments: LabExercise.allCases)
    func everyDebriefFitsAndNamesItsStep(_ exercise: LabExercise) throws {
        for layout in [LabState.Layout.debian, .datadir] {
            let debrief = exercise.debrief(for: Self.labState(exercise, layout: layout))
            let titles = ["secondary-replication-login": "Test the login"]
            let lines = debrief.lines(title: { titles[$0] })
            #expect(lines.first == "Debrief: the exercise was \(exercise.rawValue)")
            let confirmIndex = try #require(lines.firstIndex(of: "  To confirm it:"))
            #expect(lines[..<confirmIndex].allSatisfy { $0.count <= 78 }, "\(lines)")
            #expect(lines[confirmIndex + 1] == "    " + debrief.confirm)
            // The step that first shows it is the one the exercise stops
            // at, but for a role left by an earlier attempt, which the role
            // step already reports as there.
            #expect(debrief.evidenceStep == (exercise == .wrongPassword ? "primary-role" : exercise.expectedStop.step))
        }
    }

    @Test func theLabOfAnAnswersFileIsFoundOnlyBesideItsOwnRecord() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("owning-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var state = Self.labState(.md5Password)
        state.answersFile = directory + "/answers.yaml"
        try JSONEncoder().encode(state).write(to: URL(fileURLWithPath: directory + "/lab.json"))
        #expect(LabState.owning(answersFile: directory + "/answers.yaml")?.state.exercise == .md5Password)
        #expect(LabState.owning(answersFile: directory + "/other.yaml") == nil)
        #expect(LabState.owning(answersFile: "/nonexistent/answers.yaml") == nil)
    }
}
