import ArgumentParser
import Foundation
import StandbyCore
import StandbyTUI

struct Interactive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interactive",
        abstract: "Open the step-by-step wizard in this terminal (the default)."
    )

    @OptionGroup var inputs: WalkthroughInputs

    @Option(name: .long, help: ArgumentHelp("Run only this host's steps (and the shared ones), on that host.", valueName: "primary|secondary"))
    var role: HostRole?

    @OptionGroup var display: DisplayOptions

    @OptionGroup var journalOptions: JournalOptions

    func run() throws {
        try Self.open(mode: .full, answersFile: inputs.answers, screens: inputs.screens, display: try display.settings(), role: role,
                      journal: journalOptions.choice)
    }

    static func open(mode: WizardMode, answersFile: String?, screens: String?, display: ScreenSettings,
                     role: HostRole? = nil, journal journalOptions: JournalChoice, afterFirstFrame: (() -> Void)? = nil) throws {
        let environment = ProcessEnvironment.current()
        let walkthrough = try ScreenSource.walkthrough(directory: screens)
        let hosts = AnswerHosts(only: role)
        defer { hosts.close() }
        let preset = try StartingAnswers.load(answersFile: answersFile, environment: environment, hosts: hosts)
        hosts.update(answers: preset.values)
        // Hosts over ssh named in the answers file: a host that cannot be
        // reached is said before the screen opens, and sudo's password is
        // asked here, on the plain terminal.
        if hosts.usesSsh {
            do {
                try hosts.connect()
                try SudoPasswords.ask(hosts)
            } catch let error as WizardError {
                throw error
            } catch {
                throw WizardError("\(error)")
            }
        }
        let directory = SessionLogDirectory.transcripts(environment: environment)
        let executor = StepExecutor(hosts: hosts, transcript: Transcript(deferredIn: directory))
        executor.serviceOverride = display.serviceControl
        executor.surveysInBackground = true
        executor.logOverrides = display.logOverrides
        let (start, journal) = try journalOptions.begin(WalkthroughState(mode: mode, answers: preset, role: role),
                                                        walkthrough: walkthrough, answersFile: answersFile, environment: environment)
        executor.journal = journal
        let exercise = ExerciseSession(answersFile: answersFile)
        executor.trail = exercise?.trail
        var state = start.state
        // The password is never journaled: a resumed walkthrough asks it
        // again on its form, then goes on where it was.
        var resumeAt: String?
        if start.resumed, state.answers.password == nil,
           let form = walkthrough.visibleSteps(in: state).first(where: { step in
               if case .form(let action) = step.action { return action.fields.contains(Answers.passwordName) }
               return false
           }) {
            resumeAt = state.currentStepID
            state.currentStepID = form.id
        }
        var app = WizardApp(walkthrough: walkthrough, state: state, size: TerminalSize(width: 80, height: 24),
                            executor: executor, resumeAt: resumeAt, notice: start.lines.first)
        app.lateDefaults = StartingAnswers.detection(hosts: hosts)
        app.afterFirstFrame = afterFirstFrame
        let options = TerminalOptions(color: TerminalOptions.colorWanted(environment: environment, noColorFlag: display.noColor),
                                      asciiLines: display.ascii)
        let reason: QuitReason
        do {
            reason = try TerminalSession.run(&app, options: options, environment: environment)
        } catch let error as TerminalError {
            throw WizardError(error.description)
        }
        var debrief: [String] = []
        if let exercise {
            let verified = app.state.status(of: "verify") == .done
            let how = verified ? "verified" : reason == .finished ? "finished" : "quit"
            debrief = exercise.finish(how, at: verified ? nil : app.currentStep?.id, walkthrough: walkthrough)
            // Its own last screen, unless a signal ended the wizard; a
            // terminal that cannot show it still gets the printed text.
            if case .signal = reason {} else {
                try? DebriefPage.show(title: "Debrief", options: options) { width in
                    exercise.lines(width: width, walkthrough: walkthrough)
                }
            }
        }
        print(ExitSummary.text(for: app, reason: reason))
        // The Linux console keeps what is printed after the screen closes.
        for line in debrief { print(line) }
        if case .signal(let sig) = reason { throw ExitCode(128 + sig) }
    }
}

extension ServiceMethod: ExpressibleByArgument {}

extension HostRole: ExpressibleByArgument {
    public init?(argument: String) {
        // Only the two database hosts can be a role.
        guard let role = HostRole(rawValue: argument), role != .local else { return nil }
        self = role
    }

    public static var allValueStrings: [String] { ["primary", "secondary"] }
}

/// Where an interactive walkthrough's answers and steps come from.
struct WalkthroughInputs: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Preload the form from a YAML answers file.", valueName: "FILE"))
    var answers: String?

    @Option(name: .long, help: ArgumentHelp("Read the steps from this directory instead of the built-in ones.", valueName: "DIR"))
    var screens: String?
}

struct DisplayOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Control PostgreSQL with this instead of what is detected (systemctl where systemd runs, else pg_ctlcluster or pg_ctl).", valueName: "systemctl|pg_ctlcluster|pg_ctl"))
    var serviceControl: ServiceMethod?

    @OptionGroup var logs: LogOptions

    @Flag(name: .long, help: "Draw boxes with ASCII characters (serial consoles, C locale).")
    var ascii = false

    @Flag(name: .customLong("no-color"), help: "No colour; the NO_COLOR environment variable does the same.")
    var noColor = false

    func settings() throws -> ScreenSettings {
        ScreenSettings(serviceControl: serviceControl, logOverrides: try logs.overrides(), ascii: ascii, noColor: noColor)
    }
}

/// The display options as plain values, whether parsed or the defaults of
/// a start with no arguments.
struct ScreenSettings {
    var serviceControl: ServiceMethod?
    var logOverrides: [HostRole: String] = [:]
    var ascii = false
    var noColor = false
}
