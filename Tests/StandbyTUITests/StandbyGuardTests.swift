import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// Nothing is stopped or set aside unless it is positively the standby's.
@Suite("The standby's data directory is identified before it is touched")
struct StandbyGuardTests {
    static var walkthrough: Walkthrough { EngineFrontEndsTests.walkthrough }

    static func run(_ answers: [String: String], hosts: MemoryHosts) -> (UnattendedRun.Outcome, [String]) {
        let lines = Lines()
        let run = UnattendedRun(walkthrough: walkthrough, state: WalkthroughState(mode: .full, answers: Answers(answers)),
                                hosts: hosts, transcript: nil) { lines.add($0) }
        return (run.run(), lines.all)
    }

    @Test func anOldStandbyIsClearAndSaysWhatItWas() {
        let verdict = StandbyDirectoryGuard.inspect(values: MemoryLab.answers, hosts: MemoryLab.hosts())
        guard case .clear(let lines) = verdict else { Issue.record("\(verdict)"); return }
        #expect(lines.first == "/var/lib/postgresql/15/main: PostgreSQL 15 data directory, last a standby (in archive recovery)")
        #expect(lines.contains("system identifier 7714461655583457418, the primary's: a copy of it"))
    }

    /// Both roles on one machine, the standby's answers naming the
    /// primary's own cluster: refused on the form and at the stop.
    @Test func thePrimarysOwnClusterIsRefusedAndNothingIsStopped() {
        let machine = MemoryLab.hosts().primary
        let hosts = MemoryHosts(primary: machine, secondary: machine)
        var answers = MemoryLab.answers
        answers["SECONDARY_PG_IP"] = "192.0.2.20"
        let verdict = StandbyDirectoryGuard.inspect(values: answers, hosts: hosts)
        guard case .refused(let why, _) = verdict else { Issue.record("\(verdict)"); return }
        #expect(why.first?.contains("is the primary's own data directory") == true)

        // The standby's form says so and goes no further: nothing on
        // either host has been touched yet.
        let (outcome, lines) = Self.run(answers, hosts: hosts)
        guard case .stopped(let step, let reason, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(step == "secondary-host")
        #expect(reason.contains("the primary's own cluster"))
        #expect(machine.started.isEmpty)

        // Past the form (answers changed after it, say), the stop refuses.
        var engine = WalkthroughEngine(walkthrough: Self.walkthrough,
                                       state: WalkthroughState(mode: .full, currentStepID: "secondary-stop", answers: Answers(answers)))
        let executor = StepExecutor(hosts: hosts, transcript: nil)
        executor.perform(engine.enter(), on: &engine)
        executor.send(.proceed, on: &engine)
        #expect(engine.currentDriver?.command?.phase == .ready)
        guard case .refused? = engine.currentDriver?.command?.guardVerdict else { Issue.record("not refused"); return }
        #expect(!machine.started.contains { $0.contains(" stop") || $0.contains("mv ") || $0.contains("pg_basebackup -h") }, "\(machine.started)")
        #expect(lines.contains { $0.contains("! This is the primary's own cluster") }, "the form did not warn")
    }

    /// A promoted standby (in production) is set aside only once the
    /// operator typed its cluster, or the answers file says it.
    @Test func aDirectoryInProductionNeedsTheClusterTyped() {
        let hosts = MemoryLab.hosts()
        hosts.secondary.answer("pg_controldata", with: "Database system identifier:           7714461655583457418\nDatabase cluster state:               in production")
        let (outcome, _) = Self.run(MemoryLab.answers, hosts: hosts)
        guard case .stopped(let step, let reason, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(step == "secondary-stop")
        #expect(reason.contains("CONFIRM_SET_ASIDE: main"))
        #expect(!hosts.secondary.started.contains { $0.contains(" stop") })

        let confirmed = MemoryLab.hosts()
        confirmed.secondary.answer("pg_controldata", with: "Database cluster state:               in production")
        let (second, lines) = Self.run(MemoryLab.answers.merging(["CONFIRM_SET_ASIDE": "main"]) { $1 }, hosts: confirmed)
        #expect(second == .verified, "\(lines.joined(separator: "\n"))")
    }

    /// On the screen the word is typed; a wrong one changes nothing.
    @Test func theScreenAsksForTheClusterName() {
        let hosts = MemoryLab.hosts()
        hosts.secondary.answer("pg_controldata", with: "Database cluster state:               in production")
        let steps = Self.walkthrough.screens
        var app = FixtureSteps.app(WalkthroughState(mode: .full, currentStepID: "secondary-stop", answers: Answers(MemoryLab.answers)),
                                   steps: steps, hosts: hosts)
        #expect(app.draw().text.contains("It is in production"))
        app.press(.enter)
        #expect(app.draw().text.contains("Type the standby's cluster to go on:"))
        app.type("mian")
        app.press(.enter)
        #expect(app.draw().text.contains("Not confirmed"))
        #expect(hosts.secondary.started.isEmpty)
        app.press(.enter)
        app.type("main")
        app.press(.enter, .character("y"))
        LiveGoldenTests.settle(&app)
        #expect(hosts.secondary.started.contains { $0.contains("pg_ctlcluster 15 main stop") })
    }

    /// Resumed after the standby was stopped: nothing left to stop.
    @Test func aStandbyAlreadyDownNeedsNoStop() {
        let hosts = MemoryLab.hosts()
        hosts.secondary[MemoryLab.data + "/postmaster.pid"] = nil
        var engine = WalkthroughEngine(walkthrough: Self.walkthrough,
                                       state: WalkthroughState(mode: .full, currentStepID: "secondary-stop", answers: Answers(MemoryLab.answers)))
        let executor = StepExecutor(hosts: hosts, transcript: nil)
        executor.perform(engine.enter(), on: &engine)
        let messages = executor.send(.proceed, on: &engine)
        #expect(messages.first?.contains("nothing to stop") == true)
        #expect(engine.state.status(of: "secondary-stop") == .done)
        #expect(engine.currentStep?.id == "secondary-set-aside")
        #expect(hosts.secondary.started.isEmpty)
    }

    /// A copy that finished while the journal did not learn of it is kept,
    /// not made again; one of another system is refused as before.
    @Test func aCompleteCopyOfThisPrimaryIsNotMadeAgain() {
        let hosts = MemoryLab.hosts()
        hosts.secondary.move(MemoryLab.data, MemoryLab.data + ".pre-standby-20261201-100000-4242")
        for name in ["PG_VERSION", "backup_label", "backup_manifest", "global/pg_control"] { hosts.secondary[MemoryLab.data + "/" + name] = "x" }
        let verdict = StandbyDirectoryGuard.copyTarget(values: MemoryLab.answers, hosts: hosts)
        #expect(verdict == .alreadyDone(["\(MemoryLab.data) holds a complete copy of the primary (backup_manifest written, system identifier 7714461655583457418), made before an interruption: it is kept, not copied again"]))

        hosts.secondary.answer("pg_controldata", with: "Database system identifier:           1111111111111111111\nDatabase cluster state:               in archive recovery")
        guard case .refused = StandbyDirectoryGuard.copyTarget(values: MemoryLab.answers, hosts: hosts) else { Issue.record("a copy of another system was kept"); return }
        hosts.secondary.answer("pg_controldata", with: "Database system identifier:           7714461655583457418\nDatabase cluster state:               in archive recovery")
        hosts.secondary[MemoryLab.data + "/backup_manifest"] = nil
        guard case .refused = StandbyDirectoryGuard.copyTarget(values: MemoryLab.answers, hosts: hosts) else { Issue.record("a copy without its manifest was kept"); return }
    }

    /// Killed after the move and before the journal knew: resumed there,
    /// the step finds the directory gone and its copy beside it, and moves
    /// nothing again.
    @Test func aSetAsideCutShortAfterTheMoveIsNotRunAgain() {
        let hosts = MemoryLab.hosts()
        hosts.secondary.move(MemoryLab.data, MemoryLab.data + ".pre-standby-20261201-100000-4242")
        var engine = WalkthroughEngine(walkthrough: Self.walkthrough,
                                       state: WalkthroughState(mode: .full, currentStepID: "secondary-set-aside", answers: Answers(MemoryLab.answers)))
        let executor = StepExecutor(hosts: hosts, transcript: nil)
        executor.perform(engine.enter(), on: &engine)
        let messages = executor.send(.proceed, on: &engine)
        #expect(messages.first == "Not needed: \(MemoryLab.data) is empty: \(MemoryLab.data).pre-standby-20261201-100000-4242 holds what was set aside before an interruption; nothing to move.", "\(messages)")
        #expect(engine.state.status(of: "secondary-set-aside") == .done)
        #expect(engine.currentStep?.id == "secondary-base-backup")
        #expect(hosts.secondary.started.isEmpty)
    }
}
