import Foundation

/// What `check` found, in the three forms it prints: text for the
/// operator, JSON for scripts, and a monitoring plugin's lines (status
/// line with performance data, then the details).
public struct HealthReport: Sendable, Codable, Equatable {
    public var checkedAt: Date
    public var roles: [HostRole]
    public var findings: [HealthCheck.Finding]

    public init(checkedAt: Date, roles: [HostRole], findings: [HealthCheck.Finding]) {
        self.checkedAt = checkedAt
        self.roles = roles
        self.findings = findings
    }

    /// The worst finding decides; nothing checked is critical too.
    public var status: HealthCheck.Status { findings.map(\.status).max() ?? .critical }
    /// 0 OK, 1 warning, 2 critical: the monitoring plugin convention.
    public var exitStatus: Int32 { Int32(status.rawValue) }

    public enum Format: String, Sendable, CaseIterable {
        case text, json, nagios
    }

    public func rendered(_ format: Format) -> String {
        switch format {
        case .text: text
        case .json: json
        case .nagios: nagios
        }
    }

    var scope: String {
        roles.count == 2 ? "primary and standby" : roles.first == .secondary ? "the standby alone" : "the primary alone"
    }

    var text: String {
        var lines = ["standby-wizard check: \(status) (\(scope), \(Self.timestamp(checkedAt)))"]
        for finding in findings {
            let mark = "[\(finding.status)]".padding(toLength: 11, withPad: " ", startingAt: 0)
            lines.append("\(mark) \(finding.name): \(finding.summary)")
            lines += finding.evidence.map { "            " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var nagios: String {
        // The first line names what is wrong; its limit is what monitoring
        // systems show in lists.
        let bad = findings.filter { $0.status == status && $0.status != .ok }
        let headline = bad.isEmpty ? "\(findings.count) checks passed on the \(scope)"
            : bad.map { "\($0.name): \($0.summary)" }.joined(separator: "; ")
        let perf = findings.flatMap(\.metrics).map(Self.performanceData).joined(separator: " ")
        var lines = ["STANDBY \(status) - \(headline)" + (perf.isEmpty ? "" : " | \(perf)")]
        for finding in findings {
            lines.append("[\(finding.status)] \(finding.host) \(finding.name): \(finding.summary)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// label=value[unit];warn;crit in the plugin guidelines' form.
    static func performanceData(_ metric: HealthCheck.Metric) -> String {
        let number: (Double) -> String = { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int64($0)) : String(format: "%.3f", $0) }
        let unit = ["B", "s", "%", "c"].contains(metric.unit) ? metric.unit : ""
        var text = "\(metric.name)=\(number(metric.value))\(unit)"
        if metric.warning != nil || metric.critical != nil {
            text += ";" + (metric.warning.map(number) ?? "") + ";" + (metric.critical.map(number) ?? "")
        }
        return text
    }

    private struct JSONShape: Encodable {
        var status: HealthCheck.Status
        var exit_status: Int32
        var checked_at: String
        var scope: String
        var findings: [HealthCheck.Finding]
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let shape = JSONShape(status: status, exit_status: exitStatus, checked_at: Self.timestamp(checkedAt), scope: scope, findings: findings)
        let data = (try? encoder.encode(shape)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func timestamp(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
