/// Failures that only client programs report, in their own words rather
/// than a server's: no server log ever carries them, so they are kept apart
/// from the FailureCatalog, whose entries must match server texts.
public enum ClientFailures {
    public static let entries: [KnownFailure] = [
        KnownFailure(
            // pg_isready prints "HOST:PORT - no response" when nothing
            // accepts the connection (refused, or no route at all).
            id: "no-response",
            pattern: MessagePattern(anyOf: [" - no response"]),
            explanation: "Nothing answered at that address and port. On the primary, check that the server runs, that its port is the one answered, and what it listens on (SHOW listen_addresses): a start option such as -c listen_addresses=localhost in pg_ctl.conf (Debian), the service unit or postmaster.opts outranks postgresql.conf. Then look for a firewall between the hosts.",
            backTo: .both("primary-settings")),
    ]

    /// The first client failure a line of a command's output shows.
    public static func match(outputLine line: String) -> KnownFailure? {
        let entry = LogEntry(severity: nil, message: line, rawLines: [line])
        return entries.first { $0.pattern.matches(entry) }
    }
}
