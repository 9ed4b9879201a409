import Foundation
import StandbyCore
@testable import StandbyTUI
import Testing

@Suite("Command output pane renders to its golden text")
struct OutputPaneGoldenTests {
    static let sizes = [TerminalSize(width: 80, height: 24), TerminalSize(width: 120, height: 40)]
    static let command = "runuser -u postgres -- /usr/lib/postgresql/16/bin/pg_basebackup -h 192.0.2.10 -p 5432 -U replicator -D /var/lib/postgresql/16/main --wal-method=stream --checkpoint=fast -P -v"

    static func output(_ text: String, maxLines: Int = 10_000) -> OutputBuffer {
        var buffer = OutputBuffer(maxLines: maxLines)
        buffer.append(Array(text.utf8))
        return buffer
    }

    static let progress = output(
        "pg_basebackup: initiating base backup, waiting for checkpoint to complete\n"
        + "pg_basebackup: checkpoint completed\n\u{1B}[1mpg_basebackup:\u{1B}[0m write-ahead log start point: 0/2000028\n"
        + "  1024/30512 kB (3%), 0/1 tablespace\r 15360/30512 kB (50%), 0/1 tablespace\r 30520/30512 kB (100%), 1/1 tablespace")

    func render(_ content: OutputPaneView.Content, size: TerminalSize) -> MemoryScreen {
        var frame = Frame(size: size)
        // Where the pane is on a command step: the step list folded.
        let layout = WizardLayout(size: size, folded: true)
        frame.box(Rect(row: layout.bodyRect.row - 1, col: layout.bodyRect.col - 1,
                       width: layout.bodyRect.width + 2, height: layout.bodyRect.height + 2))
        OutputPaneView.draw(content, into: &frame, rect: layout.bodyRect)
        let screen = MemoryScreen(size: size)
        screen.show(frame)
        return screen
    }

    @Test(arguments: sizes)
    func running(size: TerminalSize) {
        let content = OutputPaneView.Content(shownCommand: Self.command, host: .secondary, user: "postgres",
                                             status: .running(elapsed: 75, cancelling: false), output: Self.progress)
        let screen = render(content, size: size)
        #expect(!screen.text.contains("\u{1B}"))
        GoldenFile.check("output-running-\(size)", screen)
    }

    @Test(arguments: sizes)
    func failed(size: TerminalSize) {
        let text = (1...60).map { "line \($0) of a chatty command\n" }.joined()
            + "pg_basebackup: error: connection to server failed: FATAL:  no pg_hba.conf entry\n"
        let content = OutputPaneView.Content(shownCommand: Self.command, host: .secondary, user: "postgres",
                                             status: .failed(.exited(1), elapsed: 2.4), output: Self.output(text, maxLines: 50))
        GoldenFile.check("output-failed-\(size)", render(content, size: size))
    }

    /// The failed step names the cause above the output and where to fix it.
    @Test(arguments: sizes)
    func failedWithDiagnosis(size: TerminalSize) {
        let refusal = "psql: error: connection to server at \"192.0.2.10\", port 5432 failed: FATAL:  no pg_hba.conf entry for replication connection from host \"192.0.2.20\", user \"replicator\", no encryption"
        var content = OutputPaneView.Content(shownCommand: "psql --no-psqlrc -h 192.0.2.10 -p 5432 -U replicator -d replication=true -c IDENTIFY_SYSTEM",
                                             host: .secondary, user: "root",
                                             status: .failed(.exited(2), elapsed: 0.2), output: Self.output(refusal + "\n"))
        content.diagnoses = CommandDiagnosis.diagnose(output: [refusal], log: nil, host: .secondary)
        content.stepTitles = ["primary-hba": "Admit the standby"]
        let screen = render(content, size: size)
        #expect(screen.text.contains("Go back to: Admit the standby"))
        GoldenFile.check("output-failed-diagnosed-\(size)", screen)
    }

    @Test func scrolledUpAndServiceNote() {
        let content = OutputPaneView.Content(shownCommand: "pg_ctlcluster 16 main restart", host: .primary, user: "root",
                                             note: "Using pg_ctlcluster (no systemd; Debian cluster 16/main).",
                                             status: .succeeded(.exited(0), elapsed: 3),
                                             output: Self.output((1...40).map { "row \($0)\n" }.joined()), scrollBack: 15)
        GoldenFile.check("output-scrolled-80x24", render(content, size: TerminalSize(width: 80, height: 24)))
    }

    @Test func confirmingADestructiveStep() {
        let content = OutputPaneView.Content(shownCommand: ShellWrapTests.setAside,
                                             host: .secondary, user: "root", status: .confirming(destructive: true))
        GoldenFile.check("output-confirm-80x24", render(content, size: TerminalSize(width: 80, height: 24)))
    }

    /// pg_basebackup's messages are longer than the pane: at 80x24 a row
    /// shows 72 columns and the rest wraps to the next, nothing cut.
    @Test func longOutputLinesWrap() {
        let long = "pg_basebackup: write-ahead log start point: 0/2000028 on timeline 1, written by the primary at 192.0.2.10"
        let lines = [long, "pg_basebackup: created temporary replication slot \"pg_basebackup_12345\" for this copy of the primary"]
        let content = OutputPaneView.Content(shownCommand: Self.command, host: .secondary, user: "postgres",
                                             status: .succeeded(.exited(0), elapsed: 12),
                                             output: Self.output(lines.joined(separator: "\n") + "\n"))
        let size = TerminalSize(width: 80, height: 24)
        let screen = render(content, size: size)
        let rows = screen.text.split(separator: "\n").map(String.init)
        #expect(WizardLayout(size: size, folded: true).bodyRect.width >= 72)
        #expect(rows.contains { $0.contains(String(long.prefix(72))) })
        #expect(rows.contains { $0.contains(String(long.dropFirst(72))) })
        #expect(rows.contains { $0.contains("this copy of the primary") })
        GoldenFile.check("output-long-lines-80x24", screen)
    }

    @Test func liveStepFollowsTheTail() throws {
        var app = LiveStepTests.app([LiveStepTests.step("seq", .command(CommandAction(spec: .shell("seq 1 500"), runAs: .operator)))])
        app.press(.enter, .character("y"))
        LiveStepTests.run(&app) { !$0.isBusy }
        let driver = try #require(app.engine.currentDriver?.command)
        let lines = OutputPaneView.lines(OutputPaneView.Content(driver, run: app.executor.runs["seq"]), width: 60, height: 18)
        #expect(lines.last?.segments.map(\.text).joined() == "500")
        #expect(lines.contains { $0.segments.map(\.text).joined().hasPrefix("Done: exit status 0") })
    }
}
