/// What this machine shows about the cluster a host form describes: is it
/// where the answers say, which major its files belong to, which layout it
/// has and how the wizard will start and stop it. Read-only, like
/// ClusterDetection. Shown under the host forms, so a wrong version or
/// cluster is caught before any step is built on it.
public enum HostSurvey {
    public struct Finding: Sendable, Equatable {
        public var text: String
        /// True when the answers and the machine disagree.
        public var isProblem: Bool
        /// So wrong that the form may not be submitted with it.
        public var blocks: Bool
        /// Values read on the host that the walkthrough takes over when
        /// the form is submitted (a data directory where pg_lsclusters says).
        public var found: [String: String]

        public init(_ text: String, problem: Bool = false, blocks: Bool = false, found: [String: String] = [:]) {
            self.text = text
            isProblem = problem || blocks
            self.blocks = blocks
            self.found = found
        }
    }

    /// Nothing until the version and cluster answers are valid.
    public static func findings(for role: HostRole, answers: Answers, host: some HostAccess,
                                facts: HostFacts, clusters: [DetectedCluster]) -> [Finding] {
        let typed = HostAnswers(role, answers: answers)
        guard let version = typed.version, let cluster = typed.cluster,
              VariableValidator.check(HostAnswers.key(.cluster, of: role), value: cluster, answers: answers) == .valid,
              let paths = ClusterPaths(version: version, cluster: cluster, binDirectory: answers[HostAnswers.key(.binDirectory, of: role)]) else { return [] }
        let port = typed.portNumber
        var found: [Finding] = []
        switch paths.layout {
        case .debian:
            if let row = clusters.first(where: { $0.name == cluster && $0.major == version }) {
                found.append(Finding("Debian cluster \(version)/\(cluster), \(row.status.joined(separator: ", ")), port \(row.port.map(String.init) ?? "?")"))
                if let port, let listed = row.port, listed != port {
                    found.append(Finding("pg_lsclusters gives port \(listed), not \(port)", problem: true))
                }
                // A cluster made with its own data_directory: the copy, the
                // recovery files and every check must go there.
                if !row.dataDirectory.isEmpty, row.dataDirectory.hasPrefix("/"),
                   StandbyDirectoryGuard.normalized(row.dataDirectory) != paths.dataDirectory {
                    found.append(Finding("Data directory \(row.dataDirectory) (its data_directory), used from here on",
                                         found: [HostAnswers.key(.dataDirectory, of: role): StandbyDirectoryGuard.normalized(row.dataDirectory)]))
                }
            } else {
                let others = clusters.filter { $0.name == cluster }.map(\.version)
                let hint = others.isEmpty ? "" : " (there is one for \(others.joined(separator: ", ")))"
                // The standby's cluster may still be to make: the source
                // procedure installs PostgreSQL there as its first step.
                found.append(Finding("No Debian cluster \(version)/\(cluster) here\(hint)", problem: role == .primary || !others.isEmpty))
            }
        case .datadir:
            if let text = try? host.readFile(paths.dataDirectory + "/PG_VERSION") {
                let held = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if PostgresMajor(held) == version {
                    let config = host.fileExists(paths.dataDirectory + "/postgresql.conf") ? "configuration inside it" : "no postgresql.conf inside it"
                    found.append(Finding("Data directory of \(held), \(config)"))
                } else {
                    found.append(Finding("\(paths.dataDirectory) holds PostgreSQL \(held), not \(version)", problem: true))
                }
            } else {
                found.append(Finding("No PG_VERSION in \(paths.dataDirectory): not a data directory, or not readable here",
                                     problem: role == .primary))
            }
        }
        if host.fileExists(paths.binDirectory + "/postgres") {
            found.append(Finding("Programs in \(paths.binDirectory)"))
        } else {
            found.append(Finding("PostgreSQL \(version) is not installed here (no \(paths.binDirectory)/postgres)", problem: true))
        }
        if let control = ServiceControl(version: version, cluster: cluster, facts: facts, binDirectory: paths.binDirectory) {
            found.append(Finding("Started and stopped with \(control.method.rawValue)" + (control.notSystemd.map { ": \($0)" } ?? "")))
        }
        return found
    }

    /// The findings for the host the resolver gives, with the clusters it lists.
    public static func on(_ hosts: any HostResolver, _ role: HostRole, answers: Answers) -> [Finding] {
        let host = hosts.host(for: role)
        return findings(for: role, answers: answers, host: host, facts: hosts.facts(for: role),
                        clusters: (try? ClusterDetection.detect(on: host)) ?? [])
    }

    /// The host a form's fields describe, if it describes one.
    public static func host(ofFormFields fields: [String]) -> HostRole? {
        if fields.contains("PRIMARY_PG_CLUSTER") { return .primary }
        if fields.contains("SECONDARY_PG_CLUSTER") { return .secondary }
        return nil
    }
}
