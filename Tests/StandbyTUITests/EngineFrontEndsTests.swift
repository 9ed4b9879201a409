import Foundation
@testable import StandbyCore
@testable import StandbyTUI
import TestSupport
import Testing

/// The built-in walkthrough through the engine, on two hosts in memory: no
/// process runs, so every effect the steps ask for can be read back. The
/// labs (LabWalkthroughTests) drive the same engine against real servers.
@Suite("One engine under the screen, run and plan")
struct EngineFrontEndsTests {
    static var walkthrough: Walkthrough { Walkthrough(screens: ScreenLoader.load(sources: BuiltInScreens.files).screens) }
    static var state: WalkthroughState { WalkthroughState(mode: .full, answers: Answers(MemoryLab.answers)) }

    /// What a front end did that the others must do alike: the steps in
    /// order, each command line, each edit's diff.
    struct Trace: Equatable {
        var steps: [String] = []
        var commands: [String] = []
        var edits: [String] = []

        init(_ effects: [StepEffect], steps: [String]) {
            self.steps = steps
            for effect in effects {
                switch effect {
                case .startCommand: commands.append(effect.description)
                case .applyEdit: edits.append(effect.description)
                default: break
                }
            }
        }
    }

    static func runInMemory() -> (outcome: UnattendedRun.Outcome, engine: WalkthroughEngine, executor: StepExecutor,
                                  hosts: MemoryHosts, lines: [String]) {
        let hosts = MemoryLab.hosts()
        let lines = Lines()
        let run = UnattendedRun(walkthrough: walkthrough, state: state, hosts: hosts, transcript: nil) { lines.add($0) }
        let executor = run.makeExecutor()
        let (outcome, engine) = run.run(executor: executor)
        return (outcome, engine, executor, hosts, lines.all)
    }

    /// `run` with another writer of postgres's .pgpass between the step's
    /// plan and its write (a second cluster's wizard on the same host):
    /// `changes` says how many times the file changes under it.
    static func runWithPasswordFileChanging(_ changes: Int) -> (outcome: UnattendedRun.Outcome, hosts: MemoryHosts, lines: [String]) {
        let hosts = MemoryLab.hosts()
        let lines = Lines()
        let pgpass = "/var/lib/postgresql/.pgpass"
        let left = Lines()
        let run = UnattendedRun(walkthrough: walkthrough, state: state, hosts: hosts, transcript: nil) { line in
            lines.add(line)
            // Once the step is shown its diff is made, and again before
            // "planned again" is said; a write follows each.
            if line.contains("] Point at the primary") || line.contains("planned again"), left.all.count < changes {
                left.add(line)
                hosts.secondary[pgpass] = (hosts.secondary[pgpass] ?? "") + "192.0.2.9\(left.all.count):5432:replication:other:secret\n"
            }
        }
        let (outcome, _) = run.run(executor: run.makeExecutor())
        return (outcome, hosts, lines.all)
    }

    @Test func aPasswordFileChangedWhilePlannedIsPlannedAgainAndKeepsTheOtherEntry() throws {
        let (outcome, hosts, lines) = Self.runWithPasswordFileChanging(1)
        #expect(outcome == .verified, "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("changed on disk while planned: /var/lib/postgresql/.pgpass; planned again over it") })
        let pgpass = try #require(hosts.secondary["/var/lib/postgresql/.pgpass"])
        #expect(pgpass.contains("192.0.2.91:5432:replication:other:secret"), "\(pgpass)")
        #expect(pgpass.contains(":replication:replicator:"), "\(pgpass)")
    }

    @Test func aFileThatKeepsChangingStopsTheRun() {
        let (outcome, _, lines) = Self.runWithPasswordFileChanging(10)
        guard case .stopped(let stepID, let reason, _) = outcome else {
            Issue.record("not stopped: \(outcome)")
            return
        }
        #expect(stepID == "secondary-standby-signal")
        #expect(reason == "changed on disk while planned: /var/lib/postgresql/.pgpass")
        #expect(lines.filter { $0.contains("planned again") }.count == 3)
    }

    @Test func theWholeWalkthroughRunsInMemoryAndEachHostDoesItsOwnPart() throws {
        let (outcome, engine, executor, hosts, lines) = Self.runInMemory()
        #expect(outcome == .verified, "\(lines.joined(separator: "\n"))")
        let primary = hosts.primary.started.joined(separator: "\n")
        let secondary = hosts.secondary.started.joined(separator: "\n")
        #expect(primary.contains("createuser"))
        #expect(primary.contains("pg_ctlcluster 15 main restart"))
        #expect(!primary.contains("pg_basebackup") && !primary.contains(" stop"))
        #expect(secondary.contains("pg_ctlcluster 15 main stop"))
        #expect(secondary.contains("pg_basebackup -h 192.0.2.10 -p 5432 -U replicator"))
        #expect(secondary.contains("pg_ctlcluster 15 main start"))
        #expect(!secondary.contains("createuser") && !secondary.contains("restart"))
        #expect(hosts.local.started.isEmpty)

        // The edits landed on their own host's files.
        #expect(hosts.primary[MemoryLab.hba]?.contains("replicator      192.0.2.20/32") == true)
        #expect(hosts.secondary[MemoryLab.hba]?.contains("192.0.2.20/32") == false)
        #expect(hosts.secondary[MemoryLab.data + "/standby.signal"] != nil)
        #expect(hosts.primary[MemoryLab.data + "/standby.signal"] == nil)
        #expect(hosts.secondary[MemoryLab.conf]?.contains("primary_conninfo") == true)

        // The effects in the order the procedure needs them.
        let order = executor.performed.map(\.description)
        func first(_ prefix: String) -> Int { order.firstIndex { $0.hasPrefix(prefix) } ?? Int.max }
        #expect(first("run primary-role") < first("apply primary-hba"))
        #expect(first("apply primary-settings") < first("run primary-restart"))
        #expect(first("run primary-restart") < first("read the log for primary-ready"))
        #expect(first("run secondary-stop") < first("run secondary-set-aside"))
        #expect(first("run secondary-set-aside") < first("run secondary-base-backup"))
        #expect(first("run secondary-start") < first("read the log for secondary-streaming"))
        #expect(first("check verify: in-recovery, streaming, write-test, source-query, lag, archiving") < Int.max)
        #expect(!order.joined().contains("memory lab pw"), "the password reached an effect")

        // What the steps did is in the state, and the state round-trips
        // without the password.
        #expect(engine.state.records["primary-ready"]?.logStart == LogPosition(path: MemoryLab.log, offset: 0))
        #expect(engine.state.records["primary-hba"]?.backups.first?.hasPrefix(MemoryLab.hba + ".standby-wizard.") == true)
        #expect(engine.state.records["secondary-set-aside"]?.exitStatus == 0)
        #expect(engine.state.records["verify"]?.checks["write-test"] == true)
        let data = try JSONEncoder().encode(engine.state)
        #expect(!String(decoding: data, as: UTF8.self).contains("memory lab pw"))
        var expected = engine.state
        expected.answers[Answers.passwordName] = nil
        #expect(try JSONDecoder().decode(WalkthroughState.self, from: data) == expected)
    }

    @Test func theScreenRunAndPlanTakeTheSameStepsCommandsAndDiffs() throws {
        let run = Self.runInMemory()
        let ran = Trace(run.executor.performed, steps: Self.stepsCompleted(run.engine))

        let planHosts = MemoryLab.hosts()
        let before = (planHosts.primary.paths.map { planHosts.primary[$0] }, planHosts.secondary.paths.map { planHosts.secondary[$0] })
        let planExecutor = StepExecutor(hosts: planHosts, transcript: nil, mode: .dryRun)
        let planned = PlanReport.render(Self.walkthrough, state: Self.state, executor: planExecutor, now: Date())
        let plan = Trace(planExecutor.performed, steps: Self.stepsCompleted(planned.engine))

        let screenHosts = MemoryLab.hosts()
        var app = FixtureSteps.app(Self.state, steps: Self.walkthrough.screens, hosts: screenHosts)
        try Self.walkWithKeys(&app)
        let screen = Trace(app.executor.performed, steps: Self.stepsCompleted(app.engine))

        #expect(ran.steps.count > 20)
        #expect(ran.commands.count > 10 && ran.edits.count > 4)
        #expect(screen == ran)
        #expect(plan == ran)
        // plan ran nothing and wrote nothing.
        #expect(planHosts.primary.started.isEmpty && planHosts.secondary.started.isEmpty)
        #expect(planHosts.primary.paths.map { planHosts.primary[$0] } == before.0)
        #expect(planHosts.secondary.paths.map { planHosts.secondary[$0] } == before.1)
    }

    static func stepsCompleted(_ engine: WalkthroughEngine) -> [String] {
        engine.steps.map(\.id).filter { engine.state.status(of: $0) != .pending }
    }

    /// An operator at the screen: Enter through forms, y to run, Enter to
    /// apply, waiting while something runs.
    static func walkWithKeys(_ app: inout WizardApp) throws {
        var presses = 0
        while presses < 400 {
            presses += 1
            let deadline = Date().addingTimeInterval(30)
            while app.isBusy && Date() < deadline {
                _ = app.tick()
                if app.driver?.verify?.phase == .running { Thread.sleep(forTimeInterval: 0.02) }
            }
            let key: Key = app.keyContext == .commandConfirming ? .character("y") : .enter
            if app.press(key) == .quit(.finished) { return }
        }
        Issue.record("the walkthrough did not finish with keys; at \(app.currentStep?.id ?? "?")")
    }
}

/// Lines reported from a closure, kept in order.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
