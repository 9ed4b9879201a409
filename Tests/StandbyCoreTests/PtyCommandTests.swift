import Foundation
import StandbyCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Commands run for real on a pseudo-terminal")
struct PtyCommandTests {
    @Test func progressWithCarriageReturnsOverwrites() throws {
        let plan = try CommandHarness.plan(#"for p in 10 50 100; do printf '\r%s%% copied' $p; sleep 0.05; done; printf '\ndone\n'"#)
        let run = try CommandHarness.run(plan)
        #expect(run.exit == .exited(0))
        #expect(run.buffer.lines == ["100% copied", "done"])
    }

    @Test func colourIsStrippedAndTheCommandSeesATerminal() throws {
        let plan = try CommandHarness.plan(#"printf '\033[31mred\033[0m\n'; test -t 1 && echo tty; stty size"#)
        let run = try CommandHarness.run(plan)
        #expect(run.buffer.lines == ["red", "tty", "24 80"])
    }

    @Test func failingCommandReportsItsStatus() throws {
        let run = try CommandHarness.run(try CommandHarness.plan("echo about to fail; false"))
        #expect(run.exit == .exited(1))
        let run3 = try CommandHarness.run(try CommandHarness.plan("exit 3"))
        #expect(run3.exit == .exited(3))
    }

    @Test func hungCommandIsCancelledAndItsGroupIsGone() throws {
        let plan = try CommandHarness.plan("echo started; sleep 1000; echo never")
        var cancelled = false
        let run = try CommandHarness.run(plan, timeout: 20) { run in
            if !cancelled, run.buffer.lines.contains("started") {
                cancelled = true
                run.cancel(grace: 1)
            }
        }
        #expect(run.exit == .signalled(SIGINT))
        #expect(!run.buffer.lines.contains("never"))
        #expect(groupVanishes(run.processGroup))
    }

    @Test func commandIgnoringInterruptIsKilledAfterTheGrace() throws {
        let plan = try CommandHarness.plan("trap '' INT TERM; echo started; sleep 1000")
        var cancelled = false
        let run = try CommandHarness.run(plan, timeout: 20) { run in
            if !cancelled, run.buffer.lines.contains("started") {
                cancelled = true
                run.cancel(grace: 0.3)
            }
        }
        #expect(run.exit == .signalled(SIGKILL))
        #expect(run.elapsed() >= 0.6)
        #expect(groupVanishes(run.processGroup))
    }

    @Test func ctrlCTypedIntoTheTerminalReachesTheCommand() throws {
        let plan = try CommandHarness.plan("echo ready; sleep 1000")
        var typed = false
        let run = try CommandHarness.run(plan, timeout: 20) { run in
            if !typed, run.buffer.lines.contains("ready") {
                typed = true
                run.type([0x03])
            }
        }
        #expect(run.exit == .signalled(SIGINT))
    }

    @Test func passwordPromptIsAnsweredOnlyAfterItAppears() throws {
        // The sleep makes an early answer likely to be flushed away by stty.
        var plan = try CommandHarness.plan(#"sleep 0.3; stty -echo; printf 'Password: '; read -r p; stty echo; echo; echo "got ${#p}""#)
        plan.prompts = [PromptRule(.regex(CommandBuilder.libpqPrompt), response: "pä ss'w:rd")]
        plan.secrets = ["pä ss'w:rd"]
        let run = try CommandHarness.run(plan, timeout: 20)
        #expect(run.exit == .exited(0))
        // dash counts bytes: ä is two.
        #expect(run.buffer.lines.last == "got 11")
        #expect(run.buffer.lines.first == "Password: ")
    }

    @Test func answerEchoedByACarelessProgramIsMaskedInThePane() throws {
        var plan = try CommandHarness.plan(#"printf 'Password: '; read -r p; echo "got ${#p}""#)
        plan.prompts = [PromptRule(.regex(CommandBuilder.libpqPrompt), response: "hunter2!")]
        plan.secrets = ["hunter2!"]
        let run = try CommandHarness.run(plan, timeout: 20)
        #expect(run.buffer.lines == ["Password: ********", "got 8"])
    }

    @Test(.enabled(if: getuid() == 0, "needs root: runuser to postgres"))
    func runsAsPostgresFromRoot() throws {
        let plan = try CommandHarness.plan("id -un", as: .postgres)
        #expect(plan.shownCommand == "runuser -u postgres -- id -un")
        let run = try CommandHarness.run(plan)
        #expect(run.buffer.lines == ["postgres"])
    }

    @Test func daemonHoldingTheTerminalDoesNotKeepTheStepOpen() throws {
        // The harness records a failure if the step is still open after
        // 20 s, before the daemon's 30 s are up.
        let plan = try CommandHarness.plan("(sleep 30 &) ; echo left a daemon")
        let run = try CommandHarness.run(plan, timeout: 20)
        #expect(run.exit == .exited(0))
        #expect(run.buffer.lines == ["left a daemon"])
    }

    @Test func hundredMegabytesKeepsTheBufferBounded() throws {
        let directory = try TemporaryDirectory()
        let transcript = try Transcript(directory: directory.path)
        // 99 characters and a newline: exactly a million lines.
        let command = "yes " + String(repeating: "x", count: 99) + " | head -c 100000000"
        let plan = try CommandHarness.plan(command)
        let started = Date()
        let run = try CommandHarness.run(plan, transcript: transcript, scrollback: 10_000, timeout: 600)
        let paneSeconds = Date().timeIntervalSince(started)
        #expect(run.exit == .exited(0))
        #expect(run.buffer.lineCount == 10_000)
        #expect(run.buffer.droppedLines + run.buffer.lineCount == 1_000_000)
        #expect(run.buffer.lines.allSatisfy { $0.count == 99 })
        let transcriptSize = try FileManager.default.attributesOfItem(atPath: transcript.path)[.size] as? Int ?? 0
        #expect(transcriptSize >= 100_000_000)

        let baseline = Date()
        _ = try ChildProcessShell.run(command + " > /dev/null")
        let catSeconds = Date().timeIntervalSince(baseline)
        print("100 MB through the pane: \(String(format: "%.2f", paneSeconds)) s; to /dev/null: \(String(format: "%.2f", catSeconds)) s; ratio \(String(format: "%.1f", paneSeconds / max(catSeconds, 0.001)))x")
    }

    /// A killed orphan is a zombie until init reaps it, and kill(2) still
    /// finds zombies; give the reaper a moment.
    func groupVanishes(_ group: pid_t) -> Bool {
        let deadline = Date().addingTimeInterval(3)
        while Date() < deadline {
            if kill(-group, 0) == -1 && errno == ESRCH { return true }
            usleep(20_000)
        }
        return false
    }
}
