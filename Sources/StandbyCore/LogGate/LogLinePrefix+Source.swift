extension LogLinePrefix {
    /// The live value, from `SHOW log_line_prefix` through psql. `psql`
    /// carries the connection (binary, -h, -p, -U ...); the value's
    /// trailing space is significant, so only the newline is removed.
    public static func fromServer(host: HostAccess, psql: [String]) -> LogLinePrefix? {
        let argv = psql + ["-X", "-A", "-t", "-c", "SHOW log_line_prefix"]
        guard let output = try? host.run(argv, environment: nil), output.succeeded else { return nil }
        var value = Substring(output.stdout)
        while value.last == "\n" || value.last == "\r" { value.removeLast() }
        return LogLinePrefix(String(value))
    }

    /// The value set in configuration text, or the server's default for
    /// `major` when no line sets it.
    public static func fromConfig(_ texts: [String], major: PostgresMajor?) -> LogLinePrefix {
        if let value = ConfigText.value(of: "log_line_prefix", in: texts) { return LogLinePrefix(value) }
        guard let major else { return .unknown }
        return serverDefault(for: major)
    }
}
