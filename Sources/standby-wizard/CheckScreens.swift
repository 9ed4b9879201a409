import ArgumentParser
import StandbyCore

struct CheckScreens: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-screens",
        abstract: "Check every step file and report FILE:LINE: reason for each problem."
    )

    @Argument(help: ArgumentHelp("Directory of step files.", valueName: "DIR"))
    var directory = "screens"

    func run() throws {
        let result = ScreenCheck.run(directory: directory)
        print(result.report, terminator: "")
        if !result.ok { throw ExitCode.failure }
    }
}
