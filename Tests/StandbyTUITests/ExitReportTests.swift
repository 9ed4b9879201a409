import Foundation
import StandbyCore
@testable import StandbyTUI
import TestSupport
import Testing

/// What the normal terminal gets once the wizard closes, from the state the
/// journal keeps: the built-in walkthrough on two hosts in memory, walked
/// with keys to its end, and stopped half way.
@Suite("The summary after the wizard closes", .serialized)
struct ExitReportTests {
    @Test func theWholeWalkthroughSaysWhereTheOldDataIsAndWhatIsNext() throws {
        var app = FixtureSteps.app(EngineFrontEndsTests.state, steps: EngineFrontEndsTests.walkthrough.screens,
                                   hosts: MemoryLab.hosts())
        try EngineFrontEndsTests.walkWithKeys(&app)
        let report = ExitReport(walkthrough: app.walkthrough, state: app.state, ending: .finished,
                                transcriptPath: "/tmp/transcript.log", journalPath: "/tmp/journal.json")
        let text = report.text
        let done = app.steps.filter { app.state.status(of: $0.id) == .done }.count
        #expect(report.lines.first == "standby-wizard: reached the end of the walkthrough.")
        #expect(report.lines.dropFirst().first?.hasPrefix("\(done) done, 0 skipped: Welcome, ") == true)
        #expect(text.replacingOccurrences(of: "\n  ", with: " ").contains("Stop the standby, Set old data aside, Copy the primary"))
        #expect(text.contains("Backups of the edited files on the primary, in /etc/postgresql/15/main:"))
        // Rows fit the console, but for a path that the terminal wraps.
        #expect(report.lines.allSatisfy { $0.count <= 79 || $0.split(separator: " ").last!.count > 77 })
        #expect(text.contains("on the secondary, in /etc/postgresql/15/main:"))
        #expect(text.contains("The old data directory was set aside, not deleted:"))
        #expect(text.contains("\(MemoryLab.data).pre-standby-20261201-100000."))
        #expect(text.contains("Transcript: /tmp/transcript.log"))
        #expect(text.contains("Journal: /tmp/journal.json"))
        #expect(text.contains("The standby follows the primary."))
        #expect(text.contains("standby-wizard check"))
        #expect(text.contains("Delete the directory set aside only once"))
        #expect(!text.contains(MemoryLab.answers["REP_USER_PW"] ?? "?"))
    }

    @Test func aStopHalfWaySaysWhereItResumes() throws {
        var app = FixtureSteps.app(EngineFrontEndsTests.state, steps: EngineFrontEndsTests.walkthrough.screens,
                                   hosts: MemoryLab.hosts())
        // Enter and y up to the set-aside question, then no.
        for _ in 0..<200 where !(app.currentStep?.id == "secondary-set-aside" && app.keyContext == .commandConfirming) {
            LiveGoldenTests.settle(&app)
            app.press(app.keyContext == .commandConfirming ? .character("y") : .enter)
            LiveGoldenTests.settle(&app)
        }
        #expect(app.currentStep?.id == "secondary-set-aside")
        app.press(.character("n"))
        let text = ExitReport(walkthrough: app.walkthrough, state: app.state, ending: .stopped,
                              transcriptPath: nil, journalPath: nil).text
        #expect(text.hasPrefix("standby-wizard: stopped at step "))
        #expect(text.contains("(Set old data aside)"))
        #expect(text.contains("done, 0 skipped: Welcome") && text.replacingOccurrences(of: "\n  ", with: " ").contains("Stop the standby."))
        #expect(text.contains("it resumes at \"Set old data aside\""))
        #expect(!text.contains("set aside, not deleted"))
        #expect(!text.contains("Transcript:"))
    }
}
