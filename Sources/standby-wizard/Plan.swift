import ArgumentParser
import Foundation
import StandbyCore

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print every command a run would execute and every edit as a diff, changing nothing."
    )

    @OptionGroup var procedure: ProcedureOptions

    func run() throws {
        let state = try procedure.state(environment: ProcessInfo.processInfo.environment)
        let hosts = try Hosts.connect(state.answers, role: state.role)
        defer { hosts.close() }
        print(PlanReport.render(try procedure.walkthrough(), state: state, hosts: hosts, now: Date()), terminator: "")
    }
}
