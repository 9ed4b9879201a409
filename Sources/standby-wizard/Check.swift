import ArgumentParser
import Foundation
import StandbyCore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a built standby and its primary, any day later, changing nothing.",
        discussion: """
            Recovery state, streaming, lag against the limits, the slot or WAL reserve, archiving's last \
            success and failure, free disk space, and the source query compared on both servers. \
            Exit status: 0 OK, 1 warning, 2 critical, 3 when the check could not run (the monitoring \
            plugin convention), so it can run from cron or a monitoring system.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The YAML answers file the standby was built from.", valueName: "FILE"))
    var answers: String

    @Option(name: .long, help: ArgumentHelp("Check this host's server alone (default: both, from this machine).", valueName: "primary|secondary"))
    var role: HostRole?

    @Option(name: .long, help: ArgumentHelp("text, json or nagios.", valueName: "FORMAT"))
    var format: HealthReport.Format = .text

    @Option(name: .long, help: ArgumentHelp("Warn when the standby is more bytes than this behind (critical at four times, or --critical-lag-bytes).", valueName: "BYTES"))
    var maxLagBytes: Int64 = 16 * 1024 * 1024

    @Option(name: .long, help: ArgumentHelp("Critical when the standby is more bytes than this behind.", valueName: "BYTES"))
    var criticalLagBytes: Int64?

    @Option(name: .long, help: ArgumentHelp("Warn when replay is more seconds than this behind (critical at four times, or --critical-lag-seconds).", valueName: "SECONDS"))
    var maxLagSeconds: Double = 60

    @Option(name: .long, help: ArgumentHelp("Critical when replay is more seconds than this behind.", valueName: "SECONDS"))
    var criticalLagSeconds: Double?

    @Option(name: .long, help: ArgumentHelp("How long the source query waits for the standby to replay past the primary's position.", valueName: "SECONDS"))
    var waitSeconds: Double = 10

    @Flag(name: .long, help: "Also write a row on the primary (table standby_wizard_check) and wait for it on the standby.")
    var writeTest = false

    func validate() throws {
        if role == .local { throw ValidationError("--role is primary or secondary") }
        if maxLagBytes < 0 || (criticalLagBytes ?? 0) < 0 { throw ValidationError("lag limits in bytes cannot be negative") }
        if maxLagSeconds < 0 || (criticalLagSeconds ?? 0) < 0 { throw ValidationError("lag limits in seconds cannot be negative") }
        if let criticalLagBytes, criticalLagBytes < maxLagBytes { throw ValidationError("--critical-lag-bytes is below --max-lag-bytes") }
        if let criticalLagSeconds, criticalLagSeconds < maxLagSeconds { throw ValidationError("--critical-lag-seconds is below --max-lag-seconds") }
        if waitSeconds <= 0 || waitSeconds > 3600 { throw ValidationError("--wait-seconds is between 0 and 3600") }
        if writeTest && role != nil { throw ValidationError("--write-test needs both servers: leave out --role") }
    }

    func run() throws {
        let loaded: Answers
        do {
            // The check needs no password: it connects as postgres locally.
            var environment = ProcessInfo.processInfo.environment
            environment["REP_USER_PW"] = nil
            environment["REP_USER_PW_FILE"] = nil
            loaded = try AnswersFile.load(path: answers, environment: environment)
        } catch {
            return try unknown("\(error)")
        }
        let hosts = AnswerHosts(answers: loaded.values, only: role)
        defer { hosts.close() }
        let values = DerivedVariables.templateValues(loaded, mode: .full, facts: hosts.facts(for: .primary))
        var verification = Verification(primary: ClusterSQL(role: .primary, values: values, hosts: hosts),
                                        standby: ClusterSQL(role: .secondary, values: values, hosts: hosts))
        verification.values = values
        verification.replicationWait = waitSeconds
        var check = HealthCheck(verification: verification, roles: role.map { [$0] } ?? [.primary, .secondary])
        check.writeTest = writeTest
        check.limits.maxLagBytes = maxLagBytes
        check.limits.criticalLagBytes = criticalLagBytes
        check.limits.maxLagSeconds = maxLagSeconds
        check.limits.criticalLagSeconds = criticalLagSeconds
        let report = check.run()
        FileHandle.standardOutput.write(Data(report.rendered(format).utf8))
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }

    /// The check could not run at all: UNKNOWN (3), in the asked format.
    private func unknown(_ reason: String) throws {
        switch format {
        case .nagios: print("STANDBY UNKNOWN - \(reason)")
        case .json:
            let text = reason.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            print("{\"error\": \"\(text)\", \"exit_status\": 3, \"status\": \"UNKNOWN\"}")
        case .text: FileHandle.standardError.write(Data("Error: \(reason)\n".utf8))
        }
        throw ExitCode(3)
    }
}

extension HealthReport.Format: ExpressibleByArgument {}
