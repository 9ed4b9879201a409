/// The libpq password file (~/.pgpass): `host:port:database:user:password`
/// per line, `:` and `\` escaped with `\`, `*` matching anything in the
/// first four fields. libpq takes the first line that matches, and ignores
/// the whole file unless only its owner can read it (mode 0600).
public enum PgPass {
    public struct Entry: Sendable, Equatable {
        public var host: String
        public var port: String
        public var database: String
        public var user: String
        public var password: String

        public init(host: String, port: String, database: String, user: String, password: String) {
            self.host = host
            self.port = port
            self.database = database
            self.user = user
            self.password = password
        }

        /// Replication connections look up the literal database name
        /// `replication`, whatever the conninfo says.
        public static func replication(host: String, port: String, user: String, password: String) -> Entry {
            Entry(host: host, port: port, database: "replication", user: user, password: password)
        }

        public var line: String {
            [host, port, database, user, password].map(PgPass.escape).joined(separator: ":")
        }

        var key: [String] { [host, port, database, user] }
    }

    public static let mode: UInt32 = 0o600

    static func escape(_ field: String) -> String {
        var out = ""
        for ch in field {
            if ch == ":" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// The fields of one line, unescaped; nil for comments, blank lines and
    /// lines with fewer than five fields (libpq skips those too).
    public static func parse(_ line: String) -> Entry? {
        if line.hasPrefix("#") { return nil }
        var fields: [String] = []
        var current = ""
        var escaped = false
        for ch in line {
            if escaped {
                current.append(ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        fields.append(current)
        guard fields.count == 5 else { return nil }
        return Entry(host: fields[0], port: fields[1], database: fields[2], user: fields[3], password: fields[4])
    }

    public enum Outcome: Sendable, Equatable {
        case unchanged(lineNumber: Int)
        case replaced(lineNumber: Int)
        /// Inserted before an earlier wildcard line that would otherwise
        /// hand libpq another password for this connection.
        case insertedBefore(lineNumber: Int)
        case appended(lineNumber: Int)
    }

    /// Makes `entry` the line libpq picks for its connection.
    public static func ensure(_ entry: Entry, in text: String) -> (text: String, outcome: Outcome) {
        var lines = TextLines(text)
        for (index, line) in lines.lines.enumerated() {
            guard let existing = parse(line.content) else { continue }
            let matches = zip(existing.key, entry.key).allSatisfy { $0 == "*" || $0 == $1 }
            guard matches else { continue }
            if existing.key == entry.key {
                if existing.password == entry.password { return (text, .unchanged(lineNumber: index + 1)) }
                lines.lines[index].content = entry.line
                return (lines.text, .replaced(lineNumber: index + 1))
            }
            lines.insert([entry.line], at: index)
            return (lines.text, .insertedBefore(lineNumber: index + 1))
        }
        lines.append([entry.line])
        return (lines.text, .appended(lineNumber: lines.lines.count))
    }
}
