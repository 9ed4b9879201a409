import ArgumentParser
import Foundation
import StandbyCore

/// What `plan` and `run` both need: the answers, the steps, the mode.
struct ProcedureOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The YAML answers file.", valueName: "FILE"))
    var answers: String

    @Option(name: .long, help: ArgumentHelp("Read the steps from this directory instead of the built-in ones.", valueName: "DIR"))
    var screens: String?

    @Option(name: .long, help: ArgumentHelp("full, rebuild or lab.", valueName: "MODE"))
    var mode: WizardMode = .full

    @Option(name: .long, help: ArgumentHelp("Only this host's steps (and the shared ones).", valueName: "primary|secondary"))
    var role: HostRole?

    func walkthrough() throws -> Walkthrough {
        try ScreenSource.walkthrough(directory: screens)
    }

    /// The answers file, checked value by value; its errors name FILE:LINE.
    func state(environment: [String: String]) throws -> WalkthroughState {
        do {
            let loaded = try AnswersFile.load(path: answers, environment: environment)
            return WalkthroughState(mode: mode, answers: loaded, role: role)
        } catch let error as AnswersFileError {
            throw WizardError(error.description)
        }
    }
}

extension WizardMode: ExpressibleByArgument {}
