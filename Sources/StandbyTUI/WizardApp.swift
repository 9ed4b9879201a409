import Foundation
import StandbyCore

/// Why the wizard stopped, for the line printed after the terminal is back.
public enum QuitReason: Equatable, Sendable {
    case operatorQuit
    case finished
    case signal(Int32)
}

public enum AppOutcome: Equatable, Sendable {
    case running
    case quit(QuitReason)
    /// Run a program on the real terminal (a pager over the full output,
    /// $EDITOR), then come back; the session suspends curses around it.
    case external([String])
}

enum Overlay: Equatable {
    case none
    case help(scroll: Int)
    case confirmQuit(yesFocused: Bool)
}

/// The screen front end of the engine: keys in, events to the engine,
/// state out. Key handling does no I/O: the effects the engine asks for
/// wait in `pending` until the main loop calls `performPending`, and
/// long work (commands, checks) runs while the loop keeps drawing.
public struct WizardApp {
    public internal(set) var engine: WalkthroughEngine
    public let executor: StepExecutor
    public var size: TerminalSize

    /// Text typed into forms but not yet submitted, so going back and forth
    /// loses nothing. Holds the password while it is typed: never encoded.
    var drafts: [String: String] = [:]
    var form: FormState?
    var scroll = 0
    var overlay: Overlay = .none
    var message: String?
    var live = LiveStepUI()
    /// What the last keys asked hosts to do, not yet done.
    public internal(set) var pending: [StepEffect] = []
    /// The time countdowns are drawn against; goldens fix it.
    public var clock: @Sendable () -> Date = { Date() }
    /// Defaults looked up after the first frame (the local cluster's
    /// version); taken in by `tick` when they arrive.
    public var lateDefaults: LateDefaults?
    /// Housekeeping that must not delay the first frame; run once, when it
    /// is on the terminal.
    public var afterFirstFrame: (() -> Void)?
    /// The step the screen's own state (form, scroll) belongs to.
    private var shownStepID: String?

    public static let minimumSize = TerminalSize(width: 80, height: 24)

    /// `resumeAt`: where a resumed walkthrough goes on after the step it
    /// opens at (the password's form); `notice` is shown on the first step.
    public init(walkthrough: Walkthrough, state: WalkthroughState, size: TerminalSize, executor: StepExecutor,
                resumeAt: String? = nil, notice: String? = nil) {
        engine = WalkthroughEngine(walkthrough: walkthrough, state: state)
        engine.resumeAt = resumeAt
        self.executor = executor
        self.size = size
        pending = engine.enter()
        syncStep()
        message = notice
    }

    public var state: WalkthroughState { engine.state }
    public var walkthrough: Walkthrough { engine.walkthrough }
    public var isTooSmall: Bool { size.width < Self.minimumSize.width || size.height < Self.minimumSize.height }
    public var steps: [ScreenDefinition] { engine.steps }
    public var currentStep: ScreenDefinition? { engine.currentStep }
    var driver: StepDriver? { engine.currentDriver }

    /// Step titles by id, for panes that send the operator back to a step.
    var stepTitles: [String: String] {
        Dictionary(steps.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
    }

    /// Values for `$VARIABLE` in texts: answers, drafts, derived values.
    var templateValues: [String: String] {
        var values = state.answers.values
        for (k, v) in drafts where !k.hasSuffix("#again") { values[k] = v }
        return DerivedVariables.templateValues(Answers(values), mode: state.mode,
                                               facts: executor.hosts.facts(for: currentStep?.host ?? .local))
    }

    /// Something changes without keys: the loop then polls fast.
    public var isBusy: Bool { engine.isBusy || !pending.isEmpty }

    /// How long the main loop waits for a key before the next tick: not at
    /// all while a command's output streams faster than a pump reads it
    /// (keys are still checked on every pass), soon for a command, a
    /// counting gate or a lookup; otherwise a key or the slow poll wakes it.
    public var pollMilliseconds: Int32 {
        if executor.hasMoreOutput || gateIsBehind { return 0 }
        return isBusy || lateDefaults?.isLooking == true ? 15 : 200
    }

    /// The current gate has log it has not read yet: polled on every pass.
    var gateIsBehind: Bool {
        guard let id = currentStep?.id, driver?.gate != nil else { return false }
        return executor.gateIsBehind(id)
    }

    /// The main loop has put a frame on the terminal: what was kept from
    /// delaying it may begin now.
    public mutating func frameShown() {
        lateDefaults?.start()
        if let work = afterFirstFrame {
            afterFirstFrame = nil
            work()
        }
    }

    // MARK: - Effects and time

    /// Carries out what the last keys asked for. Called by the main loop
    /// after each key, never from key handling itself.
    public mutating func performPending() {
        guard !pending.isEmpty else { return }
        let effects = pending
        pending = []
        let messages = executor.perform(effects, on: &engine)
        if let last = messages.last { message = last }
        syncStep()
    }

    /// Between keys: output read, checks collected, gates read every half
    /// second. True when a redraw is due.
    public mutating func tick(now: Date = Date()) -> Bool {
        performPending()
        var (redraw, messages) = executor.pump(&engine, now: now)
        if let found = lateDefaults?.take() {
            takeDefaults(found)
            redraw = true
        }
        if let last = messages.last { message = last }
        if let gate = driver?.gate, gate.isWaiting, gateIsBehind || now.timeIntervalSince(live.lastGatePoll) >= 0.5 {
            live.lastGatePoll = now
            send(.tick(now))
            performPending()
            // Redrawn even without news: the countdown moves.
            redraw = true
        }
        syncStep()
        return redraw
    }

    /// Late defaults fill answers nobody gave, and the fields of a form
    /// already on screen that still show nothing of the operator's: what
    /// was typed (or taken from a draft) stays.
    mutating func takeDefaults(_ found: [String: String]) {
        let filled = engine.offerDefaults(found)
        guard var current = form else { return }
        var changed = false
        for name in filled where drafts[name] == nil {
            guard let field = current.fields[name], !field.touched else { continue }
            current.fields[name] = TextField(found[name] ?? field.text)
            changed = true
        }
        guard changed else { return }
        form = current
        // The host survey follows the form's values, as after a key.
        pending += engine.answersTyped(current.merged(into: state.answers))
        performPending()
    }

    /// Hands an event to the current step; its effects wait in `pending`.
    mutating func send(_ event: StepEvent) {
        let stepID = engine.currentStep?.id
        let reaction = engine.send(event)
        // An exercise's trail sees the operator's retries, skips and overrides.
        if let stepID { executor.trail?.note(event, step: stepID, outcome: reaction.outcome) }
        pending += reaction.effects
        if let text = reaction.message { message = text }
        syncStep()
        // A guarded step that wants the cluster's name typed asks for it
        // in the entry line.
        if case .awaitingWord? = driver?.command?.phase, live.entry == nil {
            live.entry = .typeWord
            live.field = TextField("")
        }
    }

    /// The screen's own state follows the engine to a new step.
    mutating func syncStep() {
        guard currentStep?.id != shownStepID else { return }
        shownStepID = currentStep?.id
        scroll = 0
        form = nil
        live = LiveStepUI()
        // A command's terminal is as wide as the pane that shows it.
        executor.resize(commandSize)
        guard let step = currentStep, case .form(let action) = step.action else { return }
        var values = state.answers.values
        for (k, v) in drafts { values[k] = v }
        var newForm = FormState(screenID: step.id, fieldNames: action.fields, values: values)
        for row in newForm.rows where row.isConfirmation {
            newForm.fields[row.key] = TextField(drafts[row.key] ?? state.answers[row.spec.name] ?? "")
        }
        form = newForm
    }

    // MARK: - Keys

    public mutating func handle(_ key: Key) -> AppOutcome {
        if case .resize(let newSize) = key {
            size = newSize
            executor.resize(commandSize)
            return .running
        }
        if case .signal(let sig) = key { return handleSignal(sig) }
        if key == .ctrl("l") { return .running }
        if isTooSmall {
            if key == .character("q") || key == .escape { return .quit(.operatorQuit) }
            return .running
        }
        switch overlay {
        case .help(let scroll):
            // Long help scrolls; any other key closes it.
            switch key {
            case .down: overlay = .help(scroll: scroll + 1)
            case .up: overlay = .help(scroll: max(0, scroll - 1))
            case .pageDown, .character(" "): overlay = .help(scroll: scroll + pageHeight)
            case .pageUp: overlay = .help(scroll: max(0, scroll - pageHeight))
            default: overlay = .none
            }
            return .running
        case .confirmQuit(let yesFocused):
            return handleConfirmQuit(key, yesFocused: yesFocused)
        case .none:
            break
        }
        message = nil
        if live.entry != nil { return handleEntry(key) }
        if form != nil { return handleForm(key) }
        let context = keyContext
        guard let action = Keymap.action(for: key, in: context) else {
            if context == .commandRunning { typeIntoCommand(key) }
            return .running
        }
        return perform(action)
    }

    /// SIGINT is the operator's Ctrl-C: it stops a running command or the
    /// checks, never the wizard; otherwise it asks like q does. SIGTERM and
    /// SIGHUP come from outside (kill, a dropped ssh): no one to ask.
    private mutating func handleSignal(_ sig: Int32) -> AppOutcome {
        guard sig == 2 else { return .quit(.signal(sig)) }
        if case .confirmQuit = overlay { return .quit(.operatorQuit) }
        if keyContext == .commandRunning || keyContext == .verifyRunning {
            send(.cancel)
            return .running
        }
        return requestQuit()
    }

    var keyContext: KeyContext {
        if case .help = overlay { return .help }
        if case .confirmQuit = overlay { return .confirmQuit }
        return stepKeyContext
    }

    /// The context of the step itself, under any overlay: what the help
    /// lists.
    var stepKeyContext: KeyContext {
        if live.entry != nil { return .entry }
        if form != nil { return .form }
        switch driver {
        case .command(let command)?:
            switch command.phase {
            case .ready:
                if case .refused(_, _?)? = command.guardVerdict { return .commandRefused }
                return .commandReady
            case .planning, .unplannable, .awaitingWord: return .commandReady
            case .confirming: return .commandConfirming
            case .running: return .commandRunning
            case .succeeded, .skipped: return .commandDone
            case .failed, .couldNotStart: return .commandFailed
            }
        case .edit(let edit)?:
            switch edit.phase {
            case .proposed: return .editProposed
            case .applied: return .editApplied
            case .undoProposed: return .editUndo
            case .planning, .unplannable, .drifted: return .editNoPlan
            }
        case .gate?: return .gate
        case .verify(let verify)?:
            switch verify.phase {
            case .ready: return .verifyReady
            case .running: return .verifyRunning
            case .finished: return verify.passed ? .verifyPassed : .verifyFailed
            }
        case .info?, .form?, nil: return .info
        }
    }

    var pageHeight: Int { max(1, layout.bodyRows - 1) }

    /// A step that shows a command, its output, a diff, a log or the
    /// checks' findings gets the width: the step list folds to its marks there, and comes back on
    /// the next step. w turns it the other way for this step.
    var listFolded: Bool {
        guard let step = currentStep else { return false }
        let wide = switch step.action {
        case .command, .edit, .gate, .verify: true
        case .info, .form: false
        }
        return wide != live.listToggled
    }

    var layout: WizardLayout { WizardLayout(size: size, folded: listFolded) }

    var commandSize: PtyProcess.Size {
        let body = layout.bodyRect
        return PtyProcess.Size(rows: max(5, body.height), columns: max(20, body.width))
    }

    mutating func requestQuit() -> AppOutcome {
        if state.changedHosts.isEmpty { return .quit(.operatorQuit) }
        overlay = .confirmQuit(yesFocused: false)
        return .running
    }

    private mutating func handleConfirmQuit(_ key: Key, yesFocused: Bool) -> AppOutcome {
        switch Keymap.action(for: key, in: .confirmQuit) {
        case .nextFile?: overlay = .confirmQuit(yesFocused: !yesFocused)
        case .confirm?: return .quit(.operatorQuit)
        case .decline?: overlay = .none
        default:
            if key == .enter {
                if yesFocused { return .quit(.operatorQuit) }
                overlay = .none
            }
        }
        return .running
    }

    mutating func goBack() {
        saveDrafts()
        pending += engine.goBack()
        syncStep()
    }

    private mutating func saveDrafts() {
        guard let form else { return }
        for row in form.rows { drafts[row.key] = form.value(of: row) }
    }

    // MARK: - Forms

    private mutating func handleForm(_ key: Key) -> AppOutcome {
        guard let current = form else { return .running }
        let onField = current.focus < current.rows.count
        switch key {
        case .tab, .down:
            scroll = 0
            form?.focus = (current.focus + 1) % current.focusCount
        case .backTab, .up:
            scroll = 0
            form?.focus = (current.focus + current.focusCount - 1) % current.focusCount
        case .pageUp:
            // On a form, scroll counts rows back up from the fields: the
            // text above them stays reachable when the form is long.
            scroll += pageHeight
        case .pageDown:
            scroll = max(0, scroll - pageHeight)
        case .escape:
            goBack()
        case .enter:
            if current.focus == current.backButton {
                goBack()
            } else if onField && current.focus < current.rows.count - 1 {
                form?.focus += 1
            } else {
                return submit()
            }
        case .left where !onField, .right where !onField:
            form?.focus = current.focus == current.backButton ? current.continueButton : current.backButton
        case .function(1):
            overlay = .help(scroll: 0)
        case .function(10):
            return requestQuit()
        case .character("q") where !onField, .character("Q") where !onField:
            return requestQuit()
        case .character("?") where !onField:
            overlay = .help(scroll: 0)
        default:
            if onField, let row = current.focusedRow {
                _ = form?.fields[row.key]?.handle(key)
                // What is typed counts for the host survey as soon as it
                // changes, before Continue.
                if let typed = form?.merged(into: state.answers) { pending += engine.answersTyped(typed) }
            }
        }
        return .running
    }

    private mutating func submit() -> AppOutcome {
        guard let current = form else { return .running }
        let answers = state.answers
        if let invalid = current.firstInvalidRow(answers: answers) {
            form?.submitAttempted = true
            form?.focus = invalid
            let count = current.rows.filter { current.check($0, answers: answers) != .valid }.count
            message = count == 1 ? "1 field needs attention" : "\(count) fields need attention"
            return .running
        }
        for row in current.rows { drafts[row.key] = nil }
        send(.submit(current.merged(into: answers)))
        return engine.finished ? .quit(.finished) : .running
    }
}
