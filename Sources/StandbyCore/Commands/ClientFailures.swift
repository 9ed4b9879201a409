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
        KnownFailure(
            // libpq (fe-misc.c), every release 9.5 to 18, when the server's
            // end of a connection goes away in the middle of a session; or
            // the server's own FATAL of a fast shutdown (postgres.c,
            // ProcessInterrupts), which the client relays. In a server log
            // that line is an ordinary shutdown, so only a command's output
            // is matched against it. A connection the command opens while
            // the server stops (pg_basebackup's WAL receiver) is refused by
            // the postmaster with "the database system is shutting down".
            id: "primary-closed-connection",
            pattern: MessagePattern(anyOf: ["server closed the connection unexpectedly",
                                            "terminating connection due to administrator command",
                                            "the database system is shutting down"]),
            explanation: "The server ended the connection in the middle of the command: it was stopped, restarted or crashed, or something on the network cut the connection. Its log says which. Once it runs again, retry: a copy starts over into the emptied directory, and the old data stays where it was set aside.",
            backTo: .both()),
        KnownFailure(
            // libpq's connect_timeout (PGCONNECT_TIMEOUT, which the wizard
            // sets for its commands), and the system's own TCP timeout.
            id: "connect-timeout",
            pattern: MessagePattern(anyOf: ["timeout expired", "Connection timed out"]),
            explanation: "The server did not answer in time: packets to that address and port are dropped (a firewall, a wrong address, a link or host that is down). Check the address and port, and that the host is up and reachable from here.",
            backTo: .both()),
        KnownFailure(
            // strerror(ENOSPC) as pg_basebackup, cp, mkdir and the shell
            // quote it: "could not write to file ...: No space left on
            // device". A server's own out-of-space errors carry the same
            // words, but those come through the log gates.
            id: "disk-full",
            pattern: MessagePattern(anyOf: ["No space left on device"]),
            explanation: "The file system this command writes to is full (df -h on the directory it names shows it). pg_basebackup empties the directory it was filling, and the old data stays where it was set aside. Make room, or put the data directory on a larger file system, then retry: the copy starts over.",
            backTo: .both()),
    ]

    /// The first client failure a line of a command's output shows.
    public static func match(outputLine line: String) -> KnownFailure? {
        let entry = LogEntry(severity: nil, message: line, rawLines: [line])
        return entries.first { $0.pattern.matches(entry) }
    }
}
