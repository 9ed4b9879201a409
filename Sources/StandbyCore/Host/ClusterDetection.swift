/// Finds the PostgreSQL clusters of a Debian-style host, to pre-fill the
/// version, cluster and port questions. It only reads: it never starts,
/// stops or changes a cluster.
public enum ClusterDetection {
    public static let lsclustersPath = "/usr/bin/pg_lsclusters"

    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var exitStatus: Int32
        public var stderr: String
        public var description: String { "pg_lsclusters failed (exit \(exitStatus)): \(stderr)" }
    }

    /// The clusters of `host`; empty when the host has no postgresql-common.
    public static func detect(on host: some HostAccess) throws -> [DetectedCluster] {
        guard host.fileExists(lsclustersPath) else { return [] }
        let output = try host.run([lsclustersPath, "-h"], environment: nil)
        guard output.succeeded else { throw Failure(exitStatus: output.exitStatus, stderr: output.stderr) }
        return parse(lsclustersOutput: output.stdout)
    }

    /// Rows of `pg_lsclusters -h`: Ver Cluster Port Status Owner
    /// Data-directory Log-file. Lines that do not fit are skipped.
    public static func parse(lsclustersOutput text: String) -> [DetectedCluster] {
        text.split(whereSeparator: \.isNewline).compactMap { parseRow(stripColour(String($0))) }
    }

    static func parseRow(_ line: String) -> DetectedCluster? {
        var rest = Substring(line)
        var fields: [Substring] = []
        while fields.count < 5 {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            let field = rest.prefix { $0 != " " && $0 != "\t" }
            guard !field.isEmpty else { return nil }
            fields.append(field)
            rest = rest.dropFirst(field.count)
        }
        // The data directory column is padded and the log column is last,
        // so the final run of blanks separates them; this keeps a data
        // directory with a space in it whole.
        let tail = rest.trimmingBlanks()
        guard let gap = tail.lastIndex(where: { $0 == " " || $0 == "\t" }) else { return nil }
        let dataDirectory = tail[..<gap].trimmingBlanks()
        let log = tail[tail.index(after: gap)...]
        guard let first = fields[0].first, first.isNumber, !dataDirectory.isEmpty else { return nil }
        return DetectedCluster(version: String(fields[0]), name: String(fields[1]), port: Int(fields[2]),
                               status: fields[3].split(separator: ",").map(String.init), owner: String(fields[4]),
                               dataDirectory: String(dataDirectory), logFile: String(log))
    }

    /// pg_lsclusters colours its rows when it thinks it writes to a terminal.
    private static func stripColour(_ line: String) -> String {
        guard line.contains("\u{1B}[") else { return line }
        var result = ""
        var inEscape = false
        for scalar in line.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// PREFIX_PG_VERSION, PREFIX_PG_CLUSTER and PREFIX_PG_PORT for the host
    /// of `role`, from the first running cluster (the one a wizard user most
    /// likely means), else the first listed. Nothing for `.local`, which is
    /// not a database host.
    public static func suggestedAnswers(for role: HostRole, clusters: [DetectedCluster]) -> [String: String] {
        let prefix: String
        switch role {
        case .primary: prefix = "PRIMARY"
        case .secondary: prefix = "SECONDARY"
        case .local: return [:]
        }
        guard let cluster = clusters.first(where: \.isOnline) ?? clusters.first else { return [:] }
        var answers = ["\(prefix)_PG_VERSION": cluster.version, "\(prefix)_PG_CLUSTER": cluster.name]
        if let port = cluster.port { answers["\(prefix)_PG_PORT"] = String(port) }
        return answers
    }
}

private extension Substring {
    func trimmingBlanks() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
