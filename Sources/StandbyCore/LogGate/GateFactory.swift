import Foundation

/// Builds the gate of a step from the answers: which log the step's host
/// writes and how its lines begin, both read from the server's own
/// configuration, never assumed.
public enum GateFactory {
    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    /// `logOverride` is a log file the operator named (`--primary-log`,
    /// `--standby-log`); it wins over what the configuration says.
    public static func make(for step: ScreenDefinition, action: GateAction, values: [String: String],
                            logOverride: String? = nil, startedAt: Date = Date()) throws -> LogGate {
        let prefix = step.host == .secondary ? "SECONDARY" : "PRIMARY"
        guard let major = values["\(prefix)_PG_VERSION"].flatMap(PostgresMajor.init),
              let cluster = values["\(prefix)_PG_CLUSTER"] else {
            throw SetupError(description: "the \(step.host.badge.lowercased()) version and cluster are not answered yet")
        }
        let confDir = values["\(prefix)_PG_CONF_DIR"] ?? cluster
        let dataDir = values["\(prefix)_PG_DATA"] ?? cluster
        // postgresql.auto.conf comes last because it wins.
        let texts = [confDir + "/postgresql.conf", dataDir + "/postgresql.auto.conf"]
            .compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
        let debianCluster = cluster.hasPrefix("/") ? nil : cluster
        guard let location = logOverride.map(LogLocator.given)
                ?? LogLocator.fromConfig(texts, dataDirectory: dataDir, major: major, debianCluster: debianCluster) else {
            throw SetupError(description: "cannot tell where this server logs: logging_collector is off and it is not a Debian cluster; name the file with --primary-log or --standby-log")
        }
        return LogGate(stepID: step.id, gate: action, host: step.host, location: location,
                       prefix: LogLinePrefix.fromConfig(texts, major: major), startedAt: startedAt)
    }
}
