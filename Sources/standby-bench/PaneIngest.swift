import CBench
import Foundation
import StandbyCore
import StandbyTUI
#if canImport(Glibc)
import Glibc
#endif

/// A command's output through the wizard (command runner, pseudo-terminal,
/// output pane, throttled redraw into an in-memory screen) against a plain
/// C loop reading the same command's terminal into nothing.
enum PaneIngest {
    /// In a child: one command step running `cat FILE`, driven as the
    /// terminal loop drives it, the wait for a key included.
    static func child(file: String, scratch: String) throws {
        let step = ScreenDefinition(id: "ingest", title: "Ingest", host: .primary, text: "Prints a log.",
                                    action: .command(CommandAction(spec: .shell("cat '\(file)'"), runAs: .operator)),
                                    location: SourceLocation(file: "bench", line: 1))
        let after = ScreenDefinition(id: "after", title: "After", host: .local, text: "Done.", action: .info,
                                     location: SourceLocation(file: "bench", line: 2))
        let answers = ["PRIMARY_PG_IP": "192.0.2.10", "PRIMARY_PG_PORT": "5432", "PRIMARY_PG_VERSION": "15",
                       "PRIMARY_PG_CLUSTER": "main", "SECONDARY_PG_IP": "192.0.2.20", "SECONDARY_PG_PORT": "5432",
                       "SECONDARY_PG_VERSION": "15", "SECONDARY_PG_CLUSTER": "main", "REP_USER": "replicator"]
        let transcripts = scratch + "/transcripts-\(getpid())"
        try FileManager.default.createDirectory(atPath: transcripts, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: transcripts) }
        let executor = StepExecutor(hosts: ThisMachine(), transcript: try? Transcript(directory: transcripts))
        var app = WizardApp(walkthrough: Walkthrough(screens: [step, after]),
                            state: WalkthroughState(mode: .full, answers: Answers(answers)),
                            size: TerminalSize(width: 80, height: 24), executor: executor)
        app.performPending()
        _ = app.handle(.enter)
        app.performPending()
        let started = Measure.now()
        _ = app.handle(.character("y"))
        app.performPending()
        let screen = MemoryScreen(size: app.size)
        var dirty = true
        var frames = 0
        while app.isBusy {
            if dirty { screen.show(WizardView.render(app)); frames += 1 }
            // The terminal's wait for a key, which never comes here.
            usleep(useconds_t(app.pollMilliseconds) * 1000)
            dirty = app.tick()
        }
        screen.show(WizardView.render(app))
        let seconds = Measure.now() - started
        guard app.state.records["ingest"]?.exitStatus == 0 else { throw BenchError("the step did not run to a clean exit") }
        print("frames=\(frames)")
        print("peakKiB=\(ownPeakKiB())")
        print("seconds=\(seconds)")
    }

    /// In a child: the C reader over `cat FILE`.
    static func readerChild(file: String) throws {
        let started = Measure.now()
        let argv: [String] = ["/bin/cat", file]
        let args = argv.map { strdup($0) } + [nil]
        defer { args.forEach { free($0) } }
        let total = ptyreader_drain(args)
        let seconds = Measure.now() - started
        guard total > 0 else { throw BenchError("the reader read nothing") }
        print("bytes=\(total)")
        print("peakKiB=\(ownPeakKiB())")
        print("seconds=\(seconds)")
    }

    static func rows(quick: Bool, runs: Int, scratch: Scratch) throws -> [Row] {
        let small = scratch.file("pane-small.log"), large = scratch.file("pane-large.log")
        let largeBytes = quick ? 16 << 20 : 256 << 20
        try LogText.makeFile(small, bytes: 1 << 20)
        let exact = try LogText.makeFile(large, bytes: largeBytes)
        defer { unlink(small); unlink(large) }
        var ours: [Double] = [], theirs: [Double] = [], peakLarge = 0, peakSmall = 0, readerPeak = 0
        for _ in 0..<runs {
            let run = try Measure.child(["pane", large, scratch.path])
            ours.append(try Measure.reportedSeconds(run))
            peakLarge = max(peakLarge, run.peakKiB)
            let tiny = try Measure.child(["pane", small, scratch.path])
            peakSmall = max(peakSmall, tiny.peakKiB)
            let reader = try Measure.child(["pty-reader", large])
            theirs.append(try Measure.reportedSeconds(reader))
            readerPeak = max(readerPeak, reader.peakKiB)
        }
        let growth = peakLarge - peakSmall
        var row = Row(name: "pane ingest", input: "\(mib(exact)) of log via cat, N=\(runs)", project: Measure.median(ours),
                      baseline: Measure.median(theirs), projectPeakKiB: peakLarge, baselinePeakKiB: readerPeak,
                      target: "ratio <= 1.5, peak grows <= 16 MiB from 1 MiB", met: false,
                      note: String(format: "peak %.1f MiB at 1 MiB of output, %.1f MiB at %@: grows %.1f MiB; baseline: a C loop reading the terminal into nothing",
                                   Double(peakSmall) / 1024, Double(peakLarge) / 1024, mib(exact), Double(growth) / 1024))
        row.met = row.ratio <= 1.5 && growth <= 16 << 10
        return [row]
    }
}
