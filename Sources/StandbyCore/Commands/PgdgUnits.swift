/// The PGDG packages' systemd units (postgresql-VER) serve one data
/// directory each, fixed by PGDATA in the unit's environment (or a drop-in).
/// `systemctl start postgresql-16` for a cluster elsewhere would start
/// another server, or none: the wizard only picks systemctl for a
/// data-directory cluster when the unit's PGDATA is that cluster's.
public enum PgdgUnits {
    /// One systemctl call for every supported major; naming a unit loads
    /// it, and one not installed answers LoadState=not-found.
    public static var showArgv: [String] {
        ["systemctl", "show", "-p", "Id", "-p", "LoadState", "-p", "Environment"]
            + PostgresMajor.supported.map { "postgresql-\($0).service" }
    }

    /// Unit name (without .service) -> its PGDATA, for the units installed;
    /// a unit without PGDATA maps to "". Blocks of `systemctl show` are
    /// separated by blank lines.
    public static func parse(_ output: String) -> [String: String] {
        var units: [String: String] = [:]
        for block in output.split(separator: "\n", omittingEmptySubsequences: false).split(whereSeparator: { $0.isEmpty }) {
            var fields: [String: String] = [:]
            for line in block {
                guard let equals = line.firstIndex(of: "=") else { continue }
                fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
            guard let id = fields["Id"], fields["LoadState"] == "loaded" else { continue }
            let name = id.hasSuffix(".service") ? String(id.dropLast(8)) : id
            units[name] = environmentValue("PGDATA", in: fields["Environment"] ?? "") ?? ""
        }
        return units
    }

    /// A variable of systemd's Environment= as `show` prints it: space-
    /// separated NAME=value, a value with spaces in double quotes.
    static func environmentValue(_ name: String, in text: String) -> String? {
        var index = text.startIndex
        while index < text.endIndex {
            while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
            var item = ""
            var quoted = false
            while index < text.endIndex, quoted || text[index] != " " {
                if text[index] == "\"" { quoted.toggle() } else { item.append(text[index]) }
                index = text.index(after: index)
            }
            if item.hasPrefix(name + "=") { return String(item.dropFirst(name.count + 1)) }
        }
        return nil
    }

    /// Why systemctl cannot serve the data-directory cluster at
    /// `dataDirectory` through `unit`; nil when it can.
    public static func mismatch(unit: String, dataDirectory: String, units: [String: String]) -> String? {
        guard let pgdata = units[unit] else { return "systemd has no unit \(unit)" }
        if trimmed(pgdata) == trimmed(dataDirectory) { return nil }
        let serves = pgdata.isEmpty ? "sets no PGDATA" : "serves PGDATA=\(pgdata)"
        return "systemd's \(unit) \(serves), not this cluster's \(dataDirectory)"
    }

    private static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
