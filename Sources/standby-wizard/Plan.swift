import ArgumentParser
import Foundation
import StandbyCore

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print every command a run would execute and every edit as a diff, changing nothing."
    )

    @Option(name: .long, help: ArgumentHelp("The YAML answers file to plan with.", valueName: "FILE"))
    var answers: String

    @Option(name: .long, help: ArgumentHelp("Read the steps from this directory instead of the built-in ones.", valueName: "DIR"))
    var screens: String?

    @Option(name: .long, help: ArgumentHelp("full, rebuild or lab.", valueName: "MODE"))
    var mode: WizardMode = .full

    func run() throws {
        let walkthrough = try ScreenSource.walkthrough(directory: screens)
        let loaded: Answers
        do {
            loaded = try AnswersFile.load(path: answers, environment: ProcessInfo.processInfo.environment)
        } catch let error as AnswersFileError {
            throw WizardError(error.description)
        }
        let state = WalkthroughState(mode: mode, answers: loaded)
        print(PlanReport.render(walkthrough, state: state, now: Date()) { LocalHost(role: $0) }, terminator: "")
    }
}

extension WizardMode: ExpressibleByArgument {}
