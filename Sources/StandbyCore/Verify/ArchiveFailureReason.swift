import Foundation

/// The archive command's own complaint, from the primary's log. The server
/// logs only "archive command failed with exit code N"; what went wrong
/// (cp's "No space left on device", "Permission denied") is the command's
/// stderr, which lands in the same log on the line just above.
enum ArchiveFailureReason {
    /// How much of the log's end is read: the archiver logs a failure
    /// every few seconds while it retries, so the last one is near the end.
    static let tailBytes = 256 * 1024

    /// The server's log for the primary, found as the gates find it, and
    /// the reason line of its last archive failure; nil when no log can be
    /// read or no such line is in it.
    static func find(values: [String: String], host: any HostAccess) -> (line: String, log: String)? {
        guard let path = logPath(values: values, host: host),
              let tail = try? host.run(["tail", "-c", String(tailBytes), path], environment: nil),
              tail.succeeded,
              let line = reason(in: tail.stdout) else { return nil }
        return (line, path)
    }

    /// Where the server's configuration says it logs; else the log the
    /// answers name (PRIMARY_PG_LOG), when that file exists.
    static func logPath(values: [String: String], host: any HostAccess) -> String? {
        let answers = HostAnswers(.primary, values: values)
        if let major = answers.version, let cluster = answers.cluster {
            let texts = answers.configFiles.compactMap { try? host.readFile($0) }
            if let location = LogLocator.fromConfig(texts, dataDirectory: answers.dataDirectory ?? cluster, major: major,
                                                    debianCluster: cluster.hasPrefix("/") ? nil : cluster, on: host),
               host.fileExists(location.path) {
                return location.path
            }
        }
        return values["PRIMARY_PG_LOG"].flatMap { host.fileExists($0) ? $0 : nil }
    }

    /// The line above the last "archive command failed" (or "was terminated
    /// by signal") entry, when it is the command's own output rather than
    /// another entry of the server.
    static func reason(in log: String) -> String? {
        let lines = log.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let failure = lines.lastIndex(where: isFailureEntry), failure > 0 else { return nil }
        let above = lines[failure - 1].trimmingCharacters(in: .whitespaces)
        guard !above.isEmpty, !isFailureEntry(above), !above.contains("The failed archive command was") else { return nil }
        return above
    }

    private static func isFailureEntry(_ line: String) -> Bool {
        line.contains("archive command failed") || line.contains("archive command was terminated")
    }
}
