import ArgumentParser
import Foundation
import StandbyCore

/// Server logs named by the operator, for clusters whose log the wizard
/// cannot find from their configuration (pg_ctl -l, syslog relays).
struct LogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The primary's server log, if the wizard cannot find it.", valueName: "FILE"))
    var primaryLog: String?

    @Option(name: .long, help: ArgumentHelp("The standby's server log, if the wizard cannot find it.", valueName: "FILE"))
    var standbyLog: String?

    func overrides() throws -> [HostRole: String] {
        var result: [HostRole: String] = [:]
        for (role, path) in [(HostRole.primary, primaryLog), (.secondary, standbyLog)] {
            guard let path else { continue }
            guard path.hasPrefix("/") else { throw ValidationError("\(path): give the log file as an absolute path") }
            result[role] = path
        }
        return result
    }
}
