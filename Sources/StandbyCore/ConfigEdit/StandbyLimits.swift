/// Settings a hot standby must have at least as high as its primary: the
/// standby counts on that much shared memory for what the primary's WAL
/// describes (connections, worker processes, prepared transactions, locks,
/// and from 12 on WAL senders). Lower, it stops (up to 13) or pauses
/// replay (14 on) with "insufficient parameter settings". The standby's
/// step raises each to the primary's value, read from the running primary
/// into the variables below.
public enum StandbyLimits {
    public struct Limit: Sendable {
        public var name: String
        /// The template variable holding the primary's value.
        public var variable: String
        /// The first major whose standby checks it.
        public var from: PostgresMajor
        /// The server's built-in value (9.5 to 18), which a file without a
        /// line for it gets.
        public var builtIn: Int
    }

    public static let all: [Limit] = [
        Limit(name: "max_connections", variable: "PRIMARY_MAX_CONNECTIONS", from: PostgresMajor(9, 5), builtIn: 100),
        Limit(name: "max_worker_processes", variable: "PRIMARY_MAX_WORKER_PROCESSES", from: PostgresMajor(9, 5), builtIn: 8),
        Limit(name: "max_prepared_transactions", variable: "PRIMARY_MAX_PREPARED_TRANSACTIONS", from: PostgresMajor(9, 5), builtIn: 0),
        Limit(name: "max_locks_per_transaction", variable: "PRIMARY_MAX_LOCKS_PER_TRANSACTION", from: PostgresMajor(9, 5), builtIn: 64),
        // Before 12 a standby does not compare it, and on 9.5 a standby's
        // own max_wal_senders > 0 would even need its own wal_level raised.
        // (Its built-in value is 10 from 10 on, 0 before.)
        Limit(name: "max_wal_senders", variable: "PRIMARY_MAX_WAL_SENDERS", from: PostgresMajor(12), builtIn: 10),
    ]

    public static let variables: Set<String> = Set(all.map(\.variable))

    static func limit(named name: String) -> Limit? {
        all.first { $0.name == name.lowercased() }
    }

    /// Whether a standby of `major` compares `name` with its primary.
    public static func applies(_ name: String, on major: PostgresMajor) -> Bool {
        guard let limit = limit(named: name) else { return true }
        return major >= limit.from
    }

    /// Whether a file without a line for `name` already gives at least
    /// `wanted`: then no line needs adding.
    public static func builtInSuffices(_ name: String, wanted: String) -> Bool {
        guard let limit = limit(named: name), let number = Int(wanted) else { return false }
        return limit.builtIn >= number
    }

    /// Whether `step` asks for any of the primary's values.
    public static func isReferenced(by step: ScreenDefinition) -> Bool {
        guard case .edit(let edit) = step.action else { return false }
        return edit.settings.contains { Template.references(in: $0.value).contains { variables.contains($0) } }
    }

    /// The primary's values as template variables, from SQL on it.
    public static func read(primary: ClusterSQL) throws -> [String: String] {
        let names = all.map { "'\($0.name)'" }.joined(separator: ", ")
        let rows = try primary.query("SELECT name || '=' || setting FROM pg_settings WHERE name IN (\(names)) ORDER BY name")
        var values: [String: String] = [:]
        for row in rows.split(separator: "\n") {
            let parts = row.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let limit = limit(named: parts[0]), Int(parts[1]) != nil else { continue }
            values[limit.variable] = parts[1]
        }
        return values
    }
}
