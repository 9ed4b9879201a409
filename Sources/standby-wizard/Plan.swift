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
        var names: [HostRole: String] = [:]
        for role in [HostRole.primary, .secondary] {
            if let destination = hosts.destination(for: role) { names[role] = "\(destination) (over ssh)" }
        }
        print(PlanReport.render(try procedure.walkthrough(), state: state, hosts: hosts, where: names, now: Date()), terminator: "")
    }
}
