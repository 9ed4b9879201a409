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
    /// Run a program on the real terminal (a pager over the full output),
    /// then come back; the session suspends curses around it.
    case external([String])
}

enum Overlay: Equatable {
    case none
    case help(scroll: Int)
    case confirmQuit(yesFocused: Bool)
}

/// The interactive walkthrough: state in, key in, new state out. No terminal
/// code here; `WizardView` turns the state into a frame and a Screen shows it.
public struct WizardApp {
    public let walkthrough: Walkthrough
    public internal(set) var state: WalkthroughState
    public var size: TerminalSize

    /// Text typed into forms but not yet submitted, so going back and forth
    /// loses nothing. Holds the password while it is typed: never encoded.
    var drafts: [String: String] = [:]
    var form: FormState?
    var scroll = 0
    var overlay: Overlay = .none
    var message: String?
    /// Executes command and gate steps; nil shows them without running.
    public var runtime: StepRuntime?
    var live = LiveStepUI()

    public static let minimumSize = TerminalSize(width: 80, height: 24)

    public init(walkthrough: Walkthrough, state: WalkthroughState, size: TerminalSize, runtime: StepRuntime? = nil) {
        self.walkthrough = walkthrough
        self.state = state
        self.size = size
        self.runtime = runtime
        if state.currentStepID == nil, let first = walkthrough.visibleSteps(in: state).first {
            self.state.currentStepID = first.id
        }
        enterCurrentStep()
    }

    public var isTooSmall: Bool {
        size.width < Self.minimumSize.width || size.height < Self.minimumSize.height
    }

    public var steps: [ScreenDefinition] { walkthrough.visibleSteps(in: state) }

    /// Step titles by id, for panes that send the operator back to a step.
    var stepTitles: [String: String] {
        Dictionary(steps.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
    }

    public var currentStep: ScreenDefinition? {
        let steps = steps
        guard !steps.isEmpty else { return nil }
        return steps[walkthrough.currentIndex(in: state, steps: steps)]
    }

    /// Values for `$VARIABLE` in texts: answers, drafts, derived values.
    var templateValues: [String: String] {
        var values = state.answers.values
        for (k, v) in drafts where !k.hasSuffix("#again") { values[k] = v }
        return DerivedVariables.templateValues(Answers(values), mode: state.mode, facts: runtime?.facts)
    }

    // MARK: - Keys

    public mutating func handle(_ key: Key) -> AppOutcome {
        if case .resize(let newSize) = key {
            size = newSize
            return .running
        }
        if case .signal(let sig) = key {
            // SIGINT is the operator's Ctrl-C: it stops a running command,
            // never the wizard; otherwise it asks like q does. SIGTERM and
            // SIGHUP come from outside (kill, a dropped ssh): no one to ask.
            if sig == 2, let command = liveCommand, command.isRunning {
                command.interrupt()
                return .running
            }
            if sig == 2 { return requestQuit() }
            return .quit(.signal(sig))
        }
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
        if key == .function(1) { overlay = .help(scroll: 0); return .running }
        if key == .function(10) { return requestQuit() }
        message = nil
        if form != nil { return handleForm(key) }
        if let outcome = handleLiveStep(key) { return outcome }
        switch key {
        case .character("q"), .character("Q"): return requestQuit()
        case .character("?"): overlay = .help(scroll: 0)
        case .enter: return completeCurrentStep(status: statusForNonFormStep())
        case .escape, .left, .backTab: goBack()
        case .up: scroll = max(0, scroll - 1)
        case .down: scroll += 1
        case .pageUp: scroll = max(0, scroll - pageHeight)
        case .pageDown, .character(" "): scroll += pageHeight
        case .home: scroll = 0
        case .end: scroll = Int.max / 2
        default: break
        }
        return .running
    }

    var pageHeight: Int { max(1, WizardLayout(size: size).bodyRows - 1) }

    private func statusForNonFormStep() -> StepStatus {
        // Command, edit, gate and verify steps are shown but not executed
        // yet: recording them as done would claim work that did not happen.
        if case .info = currentStep?.action { return .done }
        return .skipped
    }

    mutating func requestQuit() -> AppOutcome {
        if state.changedHosts.isEmpty { return .quit(.operatorQuit) }
        overlay = .confirmQuit(yesFocused: false)
        return .running
    }

    private mutating func handleConfirmQuit(_ key: Key, yesFocused: Bool) -> AppOutcome {
        switch key {
        case .left, .right, .tab, .backTab:
            overlay = .confirmQuit(yesFocused: !yesFocused)
        case .character("y"), .character("Y"):
            return .quit(.operatorQuit)
        case .character("n"), .character("N"), .escape:
            overlay = .none
        case .enter:
            if yesFocused { return .quit(.operatorQuit) }
            overlay = .none
        case .signal(2):
            return .quit(.operatorQuit)
        default:
            break
        }
        return .running
    }

    // MARK: - Moving between steps

    mutating func enterCurrentStep() {
        scroll = 0
        form = nil
        live = LiveStepUI()
        guard let step = currentStep, case .form(let action) = step.action else { return }
        var values = state.answers.values
        for (k, v) in drafts { values[k] = v }
        var newForm = FormState(screenID: step.id, fieldNames: action.fields, values: values)
        for row in newForm.rows where row.isConfirmation {
            newForm.fields[row.key] = TextField(drafts[row.key] ?? state.answers[row.spec.name] ?? "")
        }
        form = newForm
    }

    mutating func completeCurrentStep(status: StepStatus) -> AppOutcome {
        guard let step = currentStep else { return .quit(.finished) }
        state.statuses[step.id] = status
        let steps = steps
        if steps.last?.id == step.id { return .quit(.finished) }
        walkthrough.advance(&state)
        enterCurrentStep()
        return .running
    }

    mutating func goBack() {
        saveDrafts()
        walkthrough.goBack(&state)
        enterCurrentStep()
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
            form?.focus = (current.focus + 1) % current.focusCount
        case .backTab, .up:
            form?.focus = (current.focus + current.focusCount - 1) % current.focusCount
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
        case .character("q") where !onField, .character("Q") where !onField:
            return requestQuit()
        case .character("?") where !onField:
            overlay = .help(scroll: 0)
        default:
            if onField, let row = current.focusedRow {
                _ = form?.fields[row.key]?.handle(key)
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
        state.answers = current.merged(into: answers)
        for row in current.rows { drafts[row.key] = nil }
        return completeCurrentStep(status: .done)
    }
}
