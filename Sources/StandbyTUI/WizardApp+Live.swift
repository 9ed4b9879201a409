import Foundation
import StandbyCore

/// Command and gate steps when a runtime executes them.
extension WizardApp {
    var commandSize: PtyProcess.Size {
        let body = WizardLayout(size: size).bodyRect
        return PtyProcess.Size(rows: max(5, body.height), columns: max(20, body.width))
    }

    /// The live command of the current step, made on first sight.
    var liveCommand: CommandStep? {
        guard let runtime, let step = currentStep, case .command(let action) = step.action else { return nil }
        // The main loop asks many times a second: answer from the cache
        // before deriving any values.
        if let existing = runtime.commands[step.id] { return existing }
        return try? runtime.commandStep(for: step, action: action, values: templateValues,
                                        password: state.answers.password, size: commandSize, mode: state.mode)
    }

    var liveGate: LogGate? {
        guard let runtime, let step = currentStep, case .gate(let action) = step.action else { return nil }
        if let existing = runtime.gates[step.id] { return existing }
        if runtime.gateProblems[step.id] != nil { return nil }
        return runtime.gate(for: step, action: action, values: templateValues)
    }

    /// True while something changes without keys: the loop then polls fast.
    public var isBusy: Bool {
        if liveCommand?.isRunning == true { return true }
        if let gate = liveGate, case .waiting = gate.verdict() { return true }
        return false
    }

    /// Called by the main loop between keys; true when a redraw is due.
    public mutating func tick(now: Date = Date()) -> Bool {
        if let command = liveCommand, command.isRunning { return command.tick(now: now) }
        if let gate = liveGate, now.timeIntervalSince(live.lastGatePoll) >= 0.5 {
            live.lastGatePoll = now
            gate.poll(now: now)
            // Redrawn even without news: the countdown moves.
            return true
        }
        return false
    }

    /// Nil when the current step is not live (no runtime, or another kind).
    mutating func handleLiveStep(_ key: Key) -> AppOutcome? {
        guard runtime != nil, let step = currentStep else { return nil }
        if live.entry != nil { return handleEntry(key) }
        switch step.action {
        case .command:
            guard let command = liveCommand else {
                message = "This step needs answers that are missing; go back and fill them in."
                return key == .escape || key == .left ? nil : .running
            }
            return handleCommand(key, command: command, step: step)
        case .gate:
            return handleGate(key, step: step)
        case .edit:
            guard let session = liveEdit else { return nil }
            return handleEdit(key, session: session, step: step)
        case .verify(let action):
            return handleVerify(key, action: action, step: step)
        default:
            return nil
        }
    }

    private mutating func handleCommand(_ key: Key, command: CommandStep, step: ScreenDefinition) -> AppOutcome? {
        switch (command.state, key) {
        case (_, .pageUp):
            live.outputScroll += pageHeight
        case (_, .pageDown):
            live.outputScroll = max(0, live.outputScroll - pageHeight)
        case (.ready, .enter):
            command.requestRun()
        case (.confirming, .character("y")), (.confirming, .character("Y")):
            confirm(command, step: step)
        case (.confirming, .enter):
            // A destructive step runs only on an explicit "y".
            if command.plan.destructive { command.decline() } else { confirm(command, step: step) }
        case (.confirming, .character("n")), (.confirming, .character("N")), (.confirming, .escape):
            command.decline()
        case (.running, .enter):
            command.type([13])
        case (.running, .character(let ch)):
            command.type(Array(String(ch).utf8))
        case (.running, .backspace):
            command.type([127])
        case (.running, _):
            break
        case (.succeeded, .enter):
            state.changedHosts.insert(step.host)
            return completeCurrentStep(status: .done)
        case (.skipped, .enter):
            return completeCurrentStep(status: .skipped)
        case (.failed, .character("r")), (.couldNotStart, .character("r")):
            live.outputScroll = 0
            markLog(for: command, step: step)
            command.retry()
        case (.failed, .character("e")), (.couldNotStart, .character("e")):
            live.entry = .editCommand
            live.field = TextField(command.plan.commandLine)
        case (.failed, .character("s")), (.couldNotStart, .character("s")):
            live.entry = .confirmSkip
            live.field = TextField("")
        case (.failed, .character("v")):
            if let path = runtime?.transcript?.path { return .external(["less", "+G", path]) }
            message = "No transcript file is being written."
        case (.failed, .enter), (.couldNotStart, .enter):
            message = "The command failed: r retry, e edit, v full output, s skip, q quit."
        default:
            return nil
        }
        return .running
    }

    /// A gate that directly follows a command (a restart, a start) must
    /// know where the log stood before the command made the server write.
    private mutating func confirm(_ command: CommandStep, step: ScreenDefinition) {
        markLog(for: command, step: step)
        live.outputScroll = 0
        command.confirm()
    }

    /// Before each run, so a retry reads only what the new attempt wrote.
    private func markLog(for command: CommandStep, step: ScreenDefinition) {
        guard let gateStep = walkthrough.gate(following: step, in: steps) else { return }
        runtime?.markLogBeforeService(on: step.host, gateStep: gateStep, values: templateValues)
        command.serverLog = runtime?.gates[gateStep.id]
    }

    private mutating func handleGate(_ key: Key, step: ScreenDefinition) -> AppOutcome? {
        guard let gate = liveGate else {
            if key == .enter {
                message = "No log to check; type o to continue anyway (recorded)."
                return .running
            }
            if key == .character("o") {
                live.entry = .overrideGate
                live.field = TextField("")
                return .running
            }
            return nil
        }
        let verdict = gate.verdict()
        switch key {
        case .enter:
            if case .passed = verdict { return completeCurrentStep(status: .done) }
            if case .waiting(let seconds) = verdict {
                message = "Still waiting for the log (\(seconds) s left)."
            } else {
                message = "The log shows a problem; Next stays blocked until it is fixed or overridden."
            }
        case .character("r"):
            gate.poll()
        case .character("l"):
            live.showLogRegion.toggle()
            scroll = 0
        case .character("b"):
            if case .failed(let diagnoses) = verdict,
               let target = diagnoses.lazy.flatMap(\.backTo).first(where: { id in steps.contains { $0.id == id } }) {
                state.currentStepID = target
                enterCurrentStep()
            }
        case .character("o"):
            live.entry = .overrideGate
            live.field = TextField("")
        default:
            return nil
        }
        return .running
    }

    private mutating func handleEntry(_ key: Key) -> AppOutcome {
        guard let entry = live.entry else { return .running }
        switch key {
        case .escape:
            live.entry = nil
        case .enter:
            let text = live.field.text
            live.entry = nil
            switch entry {
            case .editCommand:
                liveCommand?.edit(commandLine: text)
            case .confirmSkip:
                if liveCommand?.skip(typed: text) != true { message = "Not skipped: type the word skip." }
            case .overrideGate:
                return overrideGate(typed: text)
            }
        default:
            _ = live.field.handle(key)
        }
        return .running
    }

    private mutating func overrideGate(typed: String) -> AppOutcome {
        if let gate = liveGate {
            guard let recorded = gate.override(typed: typed) else {
                message = "Not overridden: type the words continue anyway."
                return .running
            }
            runtime?.transcript?.note(recorded.transcriptLine)
        } else {
            guard typed.trimmingCharacters(in: .whitespaces).lowercased() == GateOverride.phrase else {
                message = "Not overridden: type the words continue anyway."
                return .running
            }
            runtime?.transcript?.note("gate \(currentStep?.id ?? "?") passed by the operator without a log to read")
        }
        return completeCurrentStep(status: .skipped)
    }

    private mutating func handleVerify(_ key: Key, action: VerifyAction, step: ScreenDefinition) -> AppOutcome? {
        guard let runtime else { return nil }
        let results = runtime.verifications[step.id]
        switch key {
        case .enter where results != nil && results!.allSatisfy(\.passed):
            return completeCurrentStep(status: .done)
        case .enter, .character("r"):
            let values = templateValues
            let verification = Verification(primary: ClusterSQL(role: .primary, values: values),
                                            standby: ClusterSQL(role: .secondary, values: values))
            let outcome = verification.run(action.checks)
            runtime.verifications[step.id] = outcome
            for result in outcome {
                runtime.transcript?.note("verify \(result.check.rawValue): \(result.passed ? "passed" : "FAILED"): \(result.detail.joined(separator: " / "))")
            }
            if !outcome.allSatisfy(\.passed) { message = "Not every check passed; r runs them again." }
        default:
            return nil
        }
        return .running
    }
}
