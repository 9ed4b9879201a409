import Foundation

/// `standby-wizard check`: the verification again, any day later, changing
/// nothing (unless a write test is asked for), graded the way monitoring
/// systems read a plugin: OK, WARNING or CRITICAL, the worst one deciding
/// the exit status. Each host's part can be checked alone.
public struct HealthCheck: Sendable {
    public enum Status: Int, Sendable, Codable, Comparable, CustomStringConvertible {
        case ok = 0, warning = 1, critical = 2

        public var description: String {
            switch self {
            case .ok: "OK"
            case .warning: "WARNING"
            case .critical: "CRITICAL"
            }
        }

        public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rawValue < rhs.rawValue }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }

        public init(from decoder: Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            self = [Status.ok, .warning, .critical].first { $0.description == text } ?? .critical
        }
    }

    /// A number with the limits it was judged against, for graphs
    /// (performance data) and scripts.
    public struct Metric: Sendable, Codable, Equatable {
        public var name: String
        public var value: Double
        public var unit: String
        public var warning: Double?
        public var critical: Double?
    }

    /// One thing checked: what was seen, in words and in numbers.
    public struct Finding: Sendable, Codable, Equatable {
        public var name: String
        /// "primary" or "standby": whose server said it.
        public var host: String
        public var status: Status
        public var summary: String
        public var evidence: [String]
        public var metrics: [Metric]

        public init(_ name: String, host: HostRole, _ status: Status, _ summary: String, evidence: [String] = [], metrics: [Metric] = []) {
            self.name = name
            self.host = host == .secondary ? "standby" : "primary"
            self.status = status
            self.summary = summary
            self.evidence = evidence
            self.metrics = metrics
        }
    }

    /// The limits: beyond `max` a warning, beyond `critical` critical.
    public struct Limits: Sendable, Equatable {
        public var maxLagBytes: Int64 = 16 * 1024 * 1024
        public var criticalLagBytes: Int64?
        public var maxLagSeconds: Double = 60
        public var criticalLagSeconds: Double?
        /// Free space below this share of a file system: a warning; below
        /// `diskCriticalPercent`: critical.
        public var diskWarningPercent: Double = 10
        public var diskCriticalPercent: Double = 5

        public init() {}

        /// Critical limits not given are four times the warning ones.
        public var lagBytesCritical: Int64 { criticalLagBytes ?? maxLagBytes * 4 }
        public var lagSecondsCritical: Double { criticalLagSeconds ?? maxLagSeconds * 4 }

        func grade(bytes: Int64) -> Status {
            bytes > lagBytesCritical ? .critical : bytes > maxLagBytes ? .warning : .ok
        }

        func grade(seconds: Double) -> Status {
            seconds > lagSecondsCritical ? .critical : seconds > maxLagSeconds ? .warning : .ok
        }
    }

    public var verification: Verification
    public var limits = Limits()
    /// Which servers this machine can reach: both, or one host's part.
    public var roles: [HostRole]
    /// Writes a row on the primary and waits for it on the standby.
    public var writeTest = false
    /// Between the two readings of the standby's positions.
    public var sampleInterval: TimeInterval = 1

    public init(verification: Verification, roles: [HostRole]) {
        self.verification = verification
        self.roles = roles
    }

    /// Everything checked, in the order the operator reads it.
    public func run(now: Date = Date()) -> HealthReport {
        var findings: [Finding] = []
        let control = CheckControl()
        var primaryUp = false, standbyUp = false
        if roles.contains(.primary) {
            let found = primaryFindings()
            primaryUp = found.first?.status == .ok
            findings += found
        }
        if roles.contains(.secondary) {
            let found = standbyFindings()
            standbyUp = found.first?.status == .ok
            findings += found
        }
        if primaryUp && standbyUp {
            findings.append(sourceQuery(control))
            if writeTest { findings.append(verificationFinding(.writeTest, name: "write-test", control: control)) }
        }
        return HealthReport(checkedAt: now, roles: roles, findings: findings)
    }

    /// A verification check as a finding: passed is OK, else critical.
    func verificationFinding(_ check: VerifyCheck, name: String, control: CheckControl) -> Finding {
        let result: Verification.Result
        do {
            result = try verification.run(check, control: control)
        } catch {
            result = Verification.Result(check: check, passed: false, detail: ["\(error)"])
        }
        var finding = Finding(name, host: .primary, result.passed ? .ok : .critical, result.detail.first ?? "",
                              evidence: Array(result.detail.dropFirst()))
        // Said by both servers together.
        finding.host = "both"
        return finding
    }

    /// The source query compared on both servers; a standby that only lags
    /// (did not replay in time) is a warning, a different answer critical.
    func sourceQuery(_ control: CheckControl) -> Finding {
        var finding = verificationFinding(.sourceQuery, name: "source-query", control: control)
        if finding.status == .critical, finding.summary.hasPrefix("the standby did not replay past") { finding.status = .warning }
        return finding
    }

    /// An error's message, one trimmed line per line (psql adds a tabbed hint).
    static func lines(of error: any Error) -> [String] {
        "\(error)".split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Free space where `path` lives, on `host`, graded by the limits.
    func disk(_ name: String, role: HostRole, paths: [(what: String, path: String)], host: any HostAccess) -> Finding {
        var evidence: [String] = []
        var worst = Status.ok
        var metrics: [Metric] = []
        var summaries: [String] = []
        for (what, path) in paths {
            guard let free = try? FileSystemSpace.of(path, on: host) else {
                evidence.append("\(what) \(path): free space unreadable (df)")
                worst = max(worst, .warning)
                continue
            }
            let status: Status = free.percentFree < limits.diskCriticalPercent ? .critical
                : free.percentFree < limits.diskWarningPercent ? .warning : .ok
            worst = max(worst, status)
            let line = String(format: "%@ %@: %@ free of %@ (%.1f%%) on %@", what, path, Verification.size(free.availableBytes),
                              Verification.size(free.totalBytes), free.percentFree, free.mountPoint)
            summaries.append(String(format: "%@ %.0f%% free", what, free.percentFree))
            evidence.append(line)
            metrics.append(Metric(name: "\(role == .secondary ? "standby" : "primary")_\(what)_free_percent", value: free.percentFree, unit: "%",
                                  warning: limits.diskWarningPercent, critical: limits.diskCriticalPercent))
        }
        let summary = summaries.isEmpty ? "free space unknown" : summaries.joined(separator: ", ")
        return Finding(name, host: role, worst, summary, evidence: evidence, metrics: metrics)
    }
}
