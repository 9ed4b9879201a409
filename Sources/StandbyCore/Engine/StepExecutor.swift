import Foundation

/// Carries out the effects the engine asks for, on the host the resolver
/// gives for each step's role, and feeds the results back as events. The
/// one place where steps touch hosts: the screen and `run` use it as it
/// is, `plan` with `dryRun`, which reads but changes nothing.
public final class StepExecutor: @unchecked Sendable {
    public enum Mode: Sendable {
        case carryOut
        /// Reads files and plans, but runs no command and writes nothing:
        /// what would change is answered as if it had, so the walkthrough
        /// goes on, and later edits are planned over the earlier ones.
        case dryRun
    }

    public let hosts: any HostResolver
    public let transcript: Transcript?
    public let mode: Mode
    public var serviceOverride: ServiceMethod?
    /// Server logs the operator named, by host, over what is found.
    public var logOverrides: [HostRole: String] = [:]
    /// The terminal size commands get.
    public var commandSize = PtyProcess.Size(rows: 24, columns: 80)
    /// Writes the walkthrough state after every change, for resuming.
    public var journal: JournalKeeper?
    /// In a lab made with an exercise: what happened, in order, for the
    /// trainer's report.
    public var trail: ExerciseTrail?
    /// Every effect carried out or, dry, passed over, in order: what tests
    /// compare across the front ends.
    public private(set) var performed: [StepEffect] = []

    /// The live parts of steps, by step id.
    public private(set) var runs: [String: CommandRun] = [:]
    public private(set) var gates: [String: LogGate] = [:]
    private var checks: [String: CheckControl] = [:]
    private let finishedChecks = Inbox<(String, CheckControl, [Verification.Result])>()
    /// File contents as a dry run's earlier edits left them.
    private var dryFiles: [HostRole: [String: String]] = [:]
    private var clusterLists: [String: (at: Date, clusters: [DetectedCluster])] = [:]
    /// The screen asks for host surveys over ssh in the background; `run`
    /// and `plan` wait for them.
    public var surveysInBackground = false
    /// Commands stopped for running past their step's limit, and the limit.
    private var timedOut: [String: Int] = [:]
    private var surveyGeneration = 0
    private var latestSurvey: [String: Int] = [:]
    private let finishedSurveys = Inbox<(String, Int, [HostSurvey.Finding])>()
    private var lastDraw = Date.distantPast
    private var lastDrawnSecond = -1
    private var lastCheckShown = ""

    public init(hosts: any HostResolver, transcript: Transcript?, mode: Mode = .carryOut) {
        self.hosts = hosts
        self.transcript = transcript
        self.mode = mode
    }

    /// Redraws while output streams are limited to this rate; a command's
    /// end and each new second of its timer always draw.
    public static let minimumRedrawInterval: TimeInterval = 0.05

    // MARK: - Driving the engine

    /// Carries out `effects` and everything their results lead to; returns
    /// the messages the steps had for the operator.
    @discardableResult
    public func perform(_ effects: [StepEffect], on engine: inout WalkthroughEngine, now: Date = Date()) -> [String] {
        var queue = effects
        var messages: [String] = []
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            let events = perform(effect, engine: engine, now: now)
            InterruptionPoint.reached(after: effect)
            for (stepID, event) in events {
                let reaction = engine.send(event, to: stepID)
                trail?.note(event, step: stepID, outcome: reaction.outcome)
                queue += reaction.effects
                if let message = reaction.message { messages.append(message) }
            }
        }
        if let problem = journal?.save(engine.state) { messages.append(problem) }
        trail?.note(state: engine.state)
        return messages
    }

    /// An event for the current step, and whatever its effects lead to.
    @discardableResult
    public func send(_ event: StepEvent, on engine: inout WalkthroughEngine) -> [String] {
        let stepID = engine.currentStep?.id
        let reaction = engine.send(event)
        if let stepID { trail?.note(event, step: stepID, outcome: reaction.outcome) }
        // perform saves the journal, also when there is nothing to do.
        return (reaction.message.map { [$0] } ?? []) + perform(reaction.effects, on: &engine)
    }

    /// A command's output is streaming faster than one pump reads it: the
    /// caller's loop should pump again at once (checking keys without
    /// waiting for one) instead of sleeping between reads.
    public var hasMoreOutput: Bool { runs.values.contains { $0.hasMoreOutput } }

    /// A gate's last poll ran out of budget with log still unread: poll it
    /// again at once rather than on the countdown's pace.
    public func gateIsBehind(_ stepID: String) -> Bool { gates[stepID]?.isBehind ?? false }

    /// Moves running work on: reads command output (for at most `budget`),
    /// collects finished checks. True when the screen should be redrawn.
    public func pump(_ engine: inout WalkthroughEngine, now: Date = Date(), budget: TimeInterval = 0.01) -> (redraw: Bool, messages: [String]) {
        var events: [(String, StepEvent)] = []
        var redraw = false
        for (stepID, run) in runs where !run.isFinished {
            if run.pump(now: now, budget: budget) { redraw = redraw || now.timeIntervalSince(lastDraw) >= Self.minimumRedrawInterval }
            if let limit = engine.driver(of: stepID)?.command?.timeoutSeconds, !run.isCancelling,
               run.elapsed(now: now) >= TimeInterval(limit) {
                timedOut[stepID] = limit
                run.cancel()
                transcript?.note("\(stepID): no result after \(limit) s; the wizard stops the command", at: now)
            }
            if let exit = run.exit {
                let gate = engine.driver(of: stepID)?.command?.gateStepID.flatMap { gates[$0] }
                var diagnoses = exit.succeeded ? [] : CommandDiagnosis.diagnose(output: run.buffer.lines, log: gate, host: run.plan.host)
                if let limit = timedOut.removeValue(forKey: stepID) {
                    diagnoses.insert(CommandTimeout.diagnosis(after: limit), at: 0)
                }
                if exit == .exited(255), let destination = (hosts as? AnswerHosts)?.destination(for: run.plan.host),
                   let lost = SshProblem.diagnosis(output: run.buffer.lines, destination: destination) {
                    diagnoses.insert(lost, at: 0)
                }
                events.append((stepID, .commandExited(exit, diagnoses: diagnoses, outputTail: run.buffer.tail(5))))
                redraw = true
            } else if Int(run.elapsed(now: now)) != lastDrawnSecond {
                lastDrawnSecond = Int(run.elapsed(now: now))
                redraw = true
            }
        }
        for (stepID, generation, found) in finishedSurveys.takeAll() where latestSurvey[stepID] == generation {
            events.append((stepID, .surveyed(found)))
            redraw = true
        }
        for (stepID, control, results) in finishedChecks.takeAll() where checks[stepID] === control {
            checks[stepID] = nil
            events.append((stepID, .checksFinished(results)))
            redraw = true
        }
        // The checks' countdown moves once a second; progress lines change
        // with each check. Neither needs a redraw on every pass.
        if let id = engine.currentStep?.id, engine.driver(of: id)?.verify?.phase == .running,
           let control = checks[id] {
            let shown = "\(control.results.count) \(control.progress?.waitingFor ?? "") \(Int(now.timeIntervalSince1970))"
            if shown != lastCheckShown {
                lastCheckShown = shown
                redraw = true
            }
        }
        var messages: [String] = []
        for (stepID, event) in events {
            let reaction = engine.send(event, to: stepID)
            trail?.note(event, step: stepID, outcome: reaction.outcome)
            if let message = reaction.message { messages.append(message) }
            messages += perform(reaction.effects, on: &engine, now: now)
        }
        if redraw { lastDraw = now }
        if !events.isEmpty, let problem = journal?.save(engine.state) { messages.append(problem) }
        // Also without events: the screen moves between forms without any.
        trail?.note(state: engine.state)
        return (redraw, messages)
    }

    /// Waits until running checks finish, for at most `seconds`: the
    /// unattended run's loop wakes as they end instead of on its next
    /// round (which came up to 50 ms later, twice a walkthrough).
    public func waitForChecks(atMost seconds: TimeInterval) {
        _ = finishedChecks.wait(until: Date().addingTimeInterval(seconds))
    }

    /// What the running checks of a step wait for, for the countdown.
    public func checkProgress(of stepID: String) -> (done: [Verification.Result], progress: CheckControl.Progress?)? {
        guard let control = checks[stepID] else { return nil }
        return (control.results, control.progress)
    }

    /// Ctrl-C for a running command, with its escalation.
    public func interrupt(_ stepID: String, grace: TimeInterval = 2) {
        guard let run = runs[stepID], !run.isFinished, !run.isCancelling else { return }
        transcript?.note("interrupted by the operator (Ctrl-C)")
        run.cancel(grace: grace)
    }

    public func typeIntoCommand(_ stepID: String, _ bytes: [UInt8]) {
        guard let run = runs[stepID], !run.isFinished else { return }
        run.type(bytes)
    }

    public func resize(_ size: PtyProcess.Size) {
        commandSize = size
        for run in runs.values where !run.isFinished { run.resize(size) }
    }

    // MARK: - One effect

    func perform(_ effect: StepEffect, engine: WalkthroughEngine, now: Date) -> [(String, StepEvent)] {
        performed.append(effect)
        // A host form may have just named a host over ssh.
        (hosts as? AnswerHosts)?.update(answers: engine.state.answers.values)
        if mode == .dryRun, let answer = dryAnswer(to: effect, engine: engine) { return answer }
        switch effect {
        case .note(let text):
            transcript?.note(text, at: now)
            return []
        case .planCommand(let id):
            return [(id, planCommand(id, engine: engine))]
        case .startCommand(let id, let plan, let gateStepID):
            if let gateStepID, !Self.reloads(plan.shownCommand) { markLog(of: gateStepID, engine: engine, now: now) }
            let host = hosts.host(for: plan.host)
            do {
                runs[id] = try CommandRun(plan: plan, host: host, facts: hosts.facts(for: plan.host), transcript: transcript,
                                          size: commandSize, now: now)
                lastDrawnSecond = -1
                return []
            } catch {
                runs[id] = nil
                return [(id, .commandCouldNotStart(String(describing: error)))]
            }
        case .interruptCommand(let id):
            interrupt(id)
            return []
        case .planEdit(let id):
            guard let step = engine.step(id) else { return [] }
            do {
                return [(id, .editPlanned(try EditPlanner.plan(step, answers: engine.state.answers, host: hosts.host(for: step.host),
                                                               now: now, options: editOptions(engine, step: step))))]
            } catch {
                return [(id, .editUnplannable("\(error)"))]
            }
        case .applyEdit(let id, let plan):
            do {
                return [(id, .editApplied(try EditApplier.apply(plan, on: hosts.host(for: plan.host), at: now)))]
            } catch EditApplyError.drifted(let drift) {
                return [(id, .editDrifted(drift))]
            } catch {
                return [(id, .editFailed("\(error)"))]
            }
        case .planUndo(let id, let receipts):
            guard let step = engine.step(id) else { return [] }
            do {
                return [(id, .undoPlanned(try EditApplier.undoPlan(for: receipts, stepID: id, on: hosts.host(for: step.host))))]
            } catch {
                return [(id, .editFailed("\(error)"))]
            }
        case .applyUndo(let id, let plan):
            do {
                _ = try EditApplier.apply(plan, on: hosts.host(for: plan.host), at: now)
                return [(id, .undone)]
            } catch {
                return [(id, .editFailed("\(error)"))]
            }
        case .setUpGate(let id):
            if reloadedInsteadOfRestart(before: id, engine: engine) {
                // The server never went down: no start to wait for.
                return [(id, .gateReady(LogLocation(path: "", reason: "No restart ran: a reload was enough, the server kept running and accepting connections."),
                                        logStart: LogPosition(path: "", offset: 0))),
                        (id, .gateVerdict(.passed([]), signalsSeen: []))]
            }
            // Not marked by a start in this process (a resumed walkthrough,
            // a start done by hand): what the server's latest start wrote counts.
            if gates[id] == nil { markLog(of: id, engine: engine, now: now, fromLatestStart: true) }
            guard let gate = gates[id] else {
                return [(id, .gateUnavailable(gateProblems[id] ?? "no log to read"))]
            }
            let start = gate.startPosition
            return [(id, .gateReady(gate.location, logStart: LogPosition(path: start.path, offset: start.offset)))]
        case .pollGate(let id):
            guard let gate = gates[id] else { return [] }
            let verdict = gate.poll(now: now)
            return [(id, .gateVerdict(verdict, signalsSeen: gate.evaluator.signalsSeen))]
        case .startChecks(let id, let list):
            startChecks(id, list, engine: engine)
            return []
        case .cancelChecks(let id):
            guard let control = checks[id] else { return [] }
            control.cancel()
            checks[id] = nil
            // Answered now: a check stuck in a query must not hold the
            // screen; its late answer is dropped.
            let done = control.results
            let cancelled = engine.driver(of: id)?.verify?.checks.dropFirst(done.count).first.map {
                Verification.Result(check: $0, passed: false, detail: ["cancelled by the operator"], failureID: Verification.cancelledID)
            }
            return [(id, .checksFinished(done + (cancelled.map { [$0] } ?? [])))]
        case .survey(let id, let role, let answers):
            return survey(id, role, answers: answers, now: now)
        case .checkGuard(let id, let guardedBy):
            let values = engine.values(facts: hosts.facts(for: .secondary))
            switch guardedBy {
            case .standbyDataDirectory:
                let attempted = engine.state.records.values.contains { $0.attempts > 0 && $0.command?.contains("pg_basebackup") == true }
                var stopping = false
                if case .command(let action)? = engine.step(id)?.action, case .service(.stop) = action.spec { stopping = true }
                return [(id, .guardChecked(StandbyDirectoryGuard.inspect(values: values, hosts: hosts, copyAttempted: attempted,
                                                                         stopping: stopping)))]
            case .emptyCopyTarget:
                return [(id, .guardChecked(StandbyDirectoryGuard.copyTarget(values: values, hosts: hosts)))]
            case .replicationRoleAbsent:
                let primary = engine.values(facts: hosts.facts(for: .primary))
                return [(id, .guardChecked(PrerequisiteGuard.replicationRole(values: primary, hosts: hosts)))]
            case .standbyServerAbsent:
                return [(id, .guardChecked(PrerequisiteGuard.standbyServer(values: values, hosts: hosts)))]
            }
        }
    }

    /// Why a gate could not be set up, by step id.
    public private(set) var gateProblems: [String: String] = [:]

    /// The gate right after a restart or start must know where its log
    /// stands before the server writes; made again before each attempt,
    /// so a retry reads only what the new attempt wrote.
    private func markLog(of gateStepID: String, engine: WalkthroughEngine, now: Date, fromLatestStart: Bool = false) {
        guard let step = engine.step(gateStepID), case .gate(let action) = step.action else { return }
        gates[gateStepID] = nil
        gateProblems[gateStepID] = nil
        do {
            let facts = hosts.facts(for: step.host)
            gates[gateStepID] = try GateFactory.make(for: step, action: action, values: engine.values(facts: facts),
                                                     on: hosts.host(for: step.host), logOverride: logOverrides[step.host],
                                                     startedAt: now, fromLatestStart: fromLatestStart)
        } catch {
            gateProblems[gateStepID] = "\(error)"
        }
    }

    private func planCommand(_ id: String, engine: WalkthroughEngine) -> StepEvent {
        guard let step = engine.step(id), case .command(let original) = step.action else {
            return .commandUnplannable("this step does not run a command")
        }
        let facts = hosts.facts(for: step.host)
        let values = engine.values(facts: facts)
        var action = LabUser.adjust(original, mode: engine.state.mode, facts: facts)
        // A start cut short after the server came up (or a server started
        // by hand) would fail as "already running"; a restart writes a
        // fresh start into the log for the check that follows.
        // A plan has not stopped anything before it, so it does not ask.
        let runsAlready = mode == .carryOut && action.spec == .service(.start) && serverRuns(step.host, values: values)
        if runsAlready { action.spec = .service(.restart) }
        // A restart cuts off every session: only when a setting that needs
        // one changed (a rerun, a resume may have nothing new); else a
        // reload applies the rest. A stopped server is (re)started as asked.
        var restartDecision: PendingRestart.Decision?
        if mode == .carryOut, action.spec == .service(.restart), !runsAlready, serverRuns(step.host, values: values) {
            restartDecision = PendingRestart.decide(ClusterSQL(role: step.host, values: values, hosts: hosts))
            if case .notNeeded? = restartDecision { action.spec = .service(.reload) }
        }
        do {
            var plan = try CommandBuilder.forHost(step.host, values: values, hosts: hosts, serviceOverride: serviceOverride)
                .plan(action, host: step.host, values: values, password: engine.state.answers.password)
            if runsAlready {
                plan.service?.note = "The server runs already (the step was cut short after starting it, or it was started by hand): it is restarted instead, so the next check sees it start."
            }
            switch restartDecision {
            case .needed(let why)?, .notNeeded(let why)?: plan.service?.note = why
            case nil: break
            }
            return .commandPlanned(plan)
        } catch {
            return .commandUnplannable("\(error)")
        }
    }

    /// A service command line that reloads (pg_ctlcluster, pg_ctl, systemctl).
    static func reloads(_ commandLine: String) -> Bool {
        commandLine.split(separator: " ").contains("reload")
    }

    /// The gate `gateID` follows a restart step that reloaded instead: by
    /// its plan now, or by the journal's record after a resume.
    private func reloadedInsteadOfRestart(before gateID: String, engine: WalkthroughEngine) -> Bool {
        let steps = engine.steps
        guard let restart = steps.first(where: { step in
            guard case .command(let action) = step.action, action.spec == .service(.restart) else { return false }
            return engine.walkthrough.gate(following: step, in: steps)?.id == gateID
        }) else { return false }
        if let plan = engine.driver(of: restart.id)?.command?.plan { return Self.reloads(plan.shownCommand) }
        return engine.state.status(of: restart.id) == .done && engine.state.records[restart.id]?.command.map(Self.reloads) == true
    }

    /// The cluster of `role` has a live postmaster: its postmaster.pid
    /// names a process that exists.
    private func serverRuns(_ role: HostRole, values: [String: String]) -> Bool {
        let host = hosts.host(for: role)
        guard let directory = HostAnswers(role, values: values).dataDirectory,
              let text = try? host.readFile(directory + "/postmaster.pid"),
              let pid = text.split(separator: "\n").first.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else { return false }
        return host.fileExists("/proc/\(pid)")
    }

    /// What planning `step` needs beyond its host's files: the files a dry
    /// run wrote, the server's account, and for a standby step that asks
    /// for them the running primary's limits (the operator's hand edit of
    /// the step is checked with the same).
    public func editOptions(_ engine: WalkthroughEngine, step: ScreenDefinition) -> EditOptions {
        var options = EditOptions(overrides: dryFiles[step.host] ?? [:],
                                  serverAccount: LabUser.serverAccount(mode: engine.state.mode, facts: hosts.facts(for: step.host)))
        if StandbyLimits.isReferenced(by: step) {
            let primary = ClusterSQL(role: .primary, values: engine.values(facts: hosts.facts(for: .primary)), hosts: hosts)
            options.primaryLimits = (try? StandbyLimits.read(primary: primary)) ?? [:]
        }
        if step.host == .primary, case .edit(let edit) = step.action, edit.file == .pgHbaConf,
           let role = engine.state.answers["REP_USER"] {
            let primary = ClusterSQL(role: .primary, values: engine.values(facts: hosts.facts(for: .primary)), hosts: hosts)
            options.storedPassword = StoredPassword.kind(of: role, on: primary)
        }
        return options
    }

    private func startChecks(_ id: String, _ list: [VerifyCheck], engine: WalkthroughEngine) {
        let control = CheckControl()
        checks[id] = control
        let values = engine.values(facts: hosts.facts(for: .primary))
        let hosts = hosts
        let inbox = finishedChecks
        // Off the main loop: the checks wait for rows and WAL files for
        // many seconds, and the screen must keep drawing and listening.
        Thread.detachNewThread {
            var verification = Verification(primary: ClusterSQL(role: .primary, values: values, hosts: hosts),
                                            standby: ClusterSQL(role: .secondary, values: values, hosts: hosts))
            verification.values = values
            let results = verification.run(list, control: control)
            inbox.put((id, control, results))
        }
    }

    private func survey(_ id: String, _ role: HostRole, answers: Answers, now: Date) -> [(String, StepEvent)] {
        // The answers as typed so far: the survey follows them without
        // changing the hosts the steps use.
        let surveyed = (hosts as? AnswerHosts)?.following(answers.values) ?? hosts
        if surveysInBackground, let followed = surveyed as? AnswerHosts, followed.destination(for: role) != nil {
            // ssh may take seconds to say a host cannot be reached: off the
            // main loop, and only the latest survey of a form counts.
            surveyGeneration += 1
            let generation = surveyGeneration
            latestSurvey[id] = generation
            let inbox = finishedSurveys
            Thread.detachNewThread {
                let clusters = (try? ClusterDetection.detect(on: followed.host(for: role))) ?? []
                inbox.put((id, generation, Self.findings(role, answers: answers, hosts: followed, clusters: clusters)))
            }
            return []
        }
        let host = surveyed.host(for: role)
        // pg_lsclusters is a Perl program (50-100 ms): listed once a few
        // seconds per machine, not on every key that makes the port valid
        // again, nor again for the standby's form when it is the primary's
        // machine (the lab; one host's two clusters).
        let machine = (surveyed as? AnswerHosts)?.destination(for: role).map { "ssh \($0.text)" }
            ?? (surveyed.sameMachine(role, .local) ? "this machine" : "\(role)")
        if clusterLists[machine] == nil || now.timeIntervalSince(clusterLists[machine]!.at) > 5 {
            clusterLists[machine] = (now, (try? ClusterDetection.detect(on: host)) ?? [])
        }
        return [(id, .surveyed(Self.findings(role, answers: answers, hosts: surveyed, clusters: clusterLists[machine]?.clusters ?? [])))]
    }

    /// What a host form's answers find on their host.
    static func findings(_ role: HostRole, answers: Answers, hosts: any HostResolver,
                         clusters: [DetectedCluster]) -> [HostSurvey.Finding] {
        var reach: [HostSurvey.Finding] = []
        if let followed = hosts as? AnswerHosts, let destination = followed.destination(for: role) {
            if let problem = followed.problem(for: role) {
                // Nothing else about that host can be known until ssh works.
                return [HostSurvey.Finding(problem, problem: true)]
            }
            let facts = followed.facts(for: role)
            reach.append(HostSurvey.Finding("Over ssh to \(destination), as \(facts.userName)\(facts.isRoot ? "" : " (files through sudo)")"))
        }
        var found = HostSurvey.findings(for: role, answers: answers, host: hosts.host(for: role), facts: hosts.facts(for: role),
                                        clusters: clusters)
        // Said on the form, long before anything is stopped.
        if role == .secondary, hosts.sameMachine(.primary, .secondary),
           let own = HostAnswers(.primary, answers: answers).dataDirectory,
           HostAnswers(.secondary, answers: answers).dataDirectory.map(StandbyDirectoryGuard.normalized) == StandbyDirectoryGuard.normalized(own) {
            found.insert(HostSurvey.Finding("This is the primary's own cluster (\(HostAnswers(.primary, answers: answers).clusterLabel)): the standby needs another", blocks: true), at: 0)
        }
        return reach + found
    }

    // MARK: - Dry run

    /// What a dry run answers instead of carrying an effect out; nil for
    /// effects that only read, which it carries out as usual.
    private func dryAnswer(to effect: StepEffect, engine: WalkthroughEngine) -> [(String, StepEvent)]? {
        switch effect {
        case .startCommand(let id, _, _):
            return [(id, .commandExited(.exited(0), diagnoses: [], outputTail: []))]
        case .applyEdit(let id, let plan):
            for change in plan.changes where change.changesSomething {
                dryFiles[plan.host, default: [:]][change.path] = change.proposed ?? ""
            }
            return [(id, .editApplied([]))]
        case .applyUndo(let id, _):
            return [(id, .undone)]
        case .note:
            return []
        case .setUpGate(let id):
            return [(id, .gateReady(LogLocation(path: "", reason: "(plan: the log is read when the step runs)"),
                                    logStart: LogPosition(path: "", offset: 0)))]
        case .pollGate(let id):
            return [(id, .gateVerdict(.passed([]), signalsSeen: []))]
        case .startChecks(let id, let list):
            return [(id, .checksFinished(list.map { Verification.Result(check: $0, passed: true, detail: ["(plan: not run)"]) }))]
        case .checkGuard(let id, .emptyCopyTarget):
            // What the copy's target holds then depends on the set-aside
            // step before it, which a plan does not run.
            return [(id, .guardChecked(.clear(["(plan: the step before sets the old directory aside, so the copy's target is empty then)"])))]
        default:
            return nil
        }
    }
}

/// Results handed from a worker thread to the main loop.
final class Inbox<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item] = []

    func put(_ item: Item) {
        condition.withLock {
            items.append(item)
            condition.broadcast()
        }
    }

    func takeAll() -> [Item] { condition.withLock { defer { items = [] }; return items } }

    /// Until something is put, or `deadline`; true if something is there.
    func wait(until deadline: Date) -> Bool {
        condition.withLock {
            while items.isEmpty, condition.wait(until: deadline) {}
            return !items.isEmpty
        }
    }
}
