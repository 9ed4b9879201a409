import Foundation
@testable import StandbyTUI
import StandbyCore
import Testing

@Suite("Log gate pane renders to its golden text")
struct GateViewTests {
    static let sizes = [TerminalSize(width: 80, height: 24), TerminalSize(width: 120, height: 40)]
    static let location = LogLocator.debian(version: PostgresMajor(15), cluster: "main")
    static let titles = ["primary-hba": "Admit the standby", "secondary-standby-signal": "Point at the primary"]

    /// The pane alone in a box the size of the terminal.
    func draw(_ view: GateView, size: TerminalSize) -> MemoryScreen {
        var frame = Frame(size: size)
        frame.box(Rect(row: 0, col: 0, width: size.width, height: size.height))
        for (row, line) in view.lines(width: size.width - 4).prefix(size.height - 2).enumerated() {
            var col = 2
            for segment in line.segments {
                col += frame.put(segment.text, row: row + 1, col: col, style: segment.style)
            }
        }
        let screen = MemoryScreen(size: size)
        screen.show(frame)
        return screen
    }

    func verdict(of log: String, expect: [GateSignal], now: Date) -> GateEvaluator {
        var evaluator = GateEvaluator(gate: GateAction(expect: expect, timeoutSeconds: 60), host: .secondary,
                                      startedAt: Date(timeIntervalSince1970: 0))
        for entry in LogParser.entries(of: log, prefix: .debianCurrent) { evaluator.consume(entry) }
        return evaluator
    }

    @Test(arguments: sizes)
    func waitingWithCountdown(size: TerminalSize) {
        let log = "2024-05-02 09:14:03.118 UTC [812] LOG:  entering standby mode\n"
        let expect: [GateSignal] = [.standbyMode, .readOnlyConnections, .streaming]
        let evaluator = verdict(of: log, expect: expect, now: Date(timeIntervalSince1970: 18))
        let view = GateView(location: Self.location, expect: expect, seen: evaluator.signalsSeen,
                            verdict: evaluator.verdict(at: Date(timeIntervalSince1970: 18)), stepTitles: Self.titles)
        #expect(draw(view, size: size).text.contains("Waiting 42 s more"))
        GoldenFile.check("gate-waiting-\(size)", draw(view, size: size))
    }

    @Test(arguments: sizes)
    func failedWithDiagnosisAndKeys(size: TerminalSize) {
        let log = """
        2024-05-02 09:14:03.118 UTC [812] LOG:  entering standby mode
        2024-05-02 09:14:03.120 UTC [810] LOG:  database system is ready to accept read-only connections
        2024-05-02 09:14:03.131 UTC [815] FATAL:  could not connect to the primary server: connection to server at "10.0.0.11", port 5432 failed: FATAL:  no pg_hba.conf entry for replication connection from host "10.0.0.12", user "repuser", no encryption
        """
        let expect: [GateSignal] = [.standbyMode, .readOnlyConnections, .streaming]
        let evaluator = verdict(of: log, expect: expect, now: Date(timeIntervalSince1970: 5))
        let verdict = evaluator.verdict(at: Date(timeIntervalSince1970: 5))
        let view = GateView(location: Self.location, expect: expect, seen: evaluator.signalsSeen,
                            verdict: verdict, stepTitles: Self.titles)
        let text = draw(view, size: size).text
        #expect(text.contains("Go back to: Admit the standby"))
        #expect(text.contains("[x] entering standby mode"))
        GoldenFile.check("gate-failed-\(size)", draw(view, size: size))
    }

    @Test func timeoutShowsTheLastWarnings() {
        let log = "2024-05-02 09:14:03.118 UTC [812] WARNING:  could not create listen socket for \"10.0.0.99\"\n"
        let evaluator = verdict(of: log, expect: [.acceptingConnections], now: Date(timeIntervalSince1970: 61))
        let verdict = evaluator.verdict(at: Date(timeIntervalSince1970: 61))
        guard case .failed(let diagnoses) = verdict else { Issue.record("\(verdict)"); return }
        #expect(diagnoses.map(\.failureID) == [Diagnosis.timeoutID])
        #expect(diagnoses[0].lines.first?.contains("could not create listen socket") == true)
        let view = GateView(location: Self.location, expect: [.acceptingConnections], seen: [], verdict: verdict)
        GoldenFile.check("gate-timeout-80x24", draw(view, size: TerminalSize(width: 80, height: 24)))
    }

    @Test func overrideNeedsThePhraseAndIsRecorded() {
        let verdict = GateVerdict.failed([Diagnosis(failureID: "hba-replication", explanation: "", backTo: [], lines: [])])
        #expect(GateOverride(stepID: "secondary-streaming", typed: "y", verdict: verdict, at: Date()) == nil)
        let done = GateOverride(stepID: "secondary-streaming", typed: " Continue Anyway ", verdict: verdict,
                                at: Date(timeIntervalSince1970: 0))
        #expect(done?.transcriptLine == "1970-01-01T00:00:00Z gate secondary-streaming overridden by the operator (typed \" Continue Anyway \"); standing: hba-replication")
    }

    @Test func wholeRegionView() {
        let lines = GateView.region(["a\tb", "c"], dropped: 3, width: 20)
        #expect(lines.map { $0.segments.map(\.text).joined() } == ["(3 earlier lines not kept)".truncated(to: 999), "a b", "c"])
    }
}
