import Foundation

/// Builds the gate of a step from the answers: which log the step's host
/// writes and how its lines begin, both read from the server's own
/// configuration on that host, never assumed.
public enum GateFactory {
    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    /// `logOverride` is a log file the operator named (`--primary-log`,
    /// `--standby-log`); it wins over what the configuration says.
    public static func make(for step: ScreenDefinition, action: GateAction, values: [String: String],
                            on host: any HostAccess, logOverride: String? = nil, startedAt: Date = Date(),
                            fromLatestStart: Bool = false) throws -> LogGate {
        let answers = HostAnswers(step.host, values: values)
        guard let major = answers.version, let cluster = answers.cluster else {
            throw SetupError(description: "the \(step.host.badge.lowercased()) version and cluster are not answered yet")
        }
        let dataDir = answers.dataDirectory ?? cluster
        let texts = answers.configFiles.compactMap { try? host.readFile($0) }
        let debianCluster = cluster.hasPrefix("/") ? nil : cluster
        guard let location = logOverride.map(LogLocator.given)
                ?? LogLocator.fromConfig(texts, dataDirectory: dataDir, major: major, debianCluster: debianCluster, on: host) else {
            throw SetupError(description: "cannot tell where this server logs: logging_collector is off and it is not a Debian cluster; name the file with --primary-log or --standby-log")
        }
        return LogGate(stepID: step.id, gate: action, host: step.host, location: location,
                       prefix: LogLinePrefix.fromConfig(texts, major: major), reading: host, startedAt: startedAt,
                       fromLatestStart: fromLatestStart)
    }
}
