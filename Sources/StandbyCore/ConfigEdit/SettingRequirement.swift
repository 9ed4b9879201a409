/// When a value already in the file does what the step wants. Writing the
/// step's value over a stronger one would do harm: lowering
/// max_wal_senders below the standby's, or turning wal_level = logical
/// back to replica under someone's logical replication.
public enum SettingRequirement {
    public enum Verdict: Sendable, Equatable {
        case same
        /// Different text, same or stronger effect; the reason says why.
        case sufficient(String)
        case different
    }

    /// `major` is the cluster's version where known: on 9.5 the wal_level
    /// names are three distinct levels, not aliases.
    public static func compare(name: String, current: String, wanted: String,
                               major: PostgresMajor? = nil) -> Verdict {
        if current == wanted { return .same }
        let key = name.lowercased()
        if ConfValue.textParameters.contains(key) {
            if key == "primary_conninfo", let a = Conninfo.parse(current), let b = Conninfo.parse(wanted),
               Conninfo.sameSettings(a, b) {
                return .same
            }
            return .different
        }
        if let a = boolean(current), let b = boolean(wanted) { return a == b ? .same : .different }
        if current.lowercased() == wanted.lowercased() { return .same }
        switch key {
        case "wal_level":
            guard let have = walLevelRank(current, major: major, wanted: wanted),
                  let need = walLevelRank(wanted, major: major, wanted: wanted) else { return .different }
            if have == need { return .same }
            return have > need ? .sufficient("\(current) includes what \(wanted) provides") : .different
        case "archive_mode":
            if current.lowercased() == "always", boolean(wanted) == true {
                return .sufficient("always archives on a standby too, which includes on")
            }
            return .different
        case "max_wal_senders", "max_replication_slots", "wal_keep_segments", "wal_keep_size",
             "max_connections", "max_worker_processes", "max_prepared_transactions", "max_locks_per_transaction":
            guard let have = quantity(current, of: key), let need = quantity(wanted, of: key) else { return .different }
            if have == need { return .same }
            return have > need ? .sufficient("\(current) is more than the \(wanted) needed") : .different
        default:
            return .different
        }
    }

    /// The server accepts these spellings for booleans, in any case.
    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "on", "true", "yes", "1", "t", "y": true
        case "off", "false", "no", "0", "f", "n": false
        default: nil
        }
    }

    /// 9.6 made `archive` and `hot_standby` aliases of `replica`. On 9.5
    /// they are two levels: `archive` is too little for a hot standby (the
    /// standby refuses to start), and `replica` is not a value at all.
    /// Without a known version, a wanted `hot_standby` can only be the 9.5
    /// recipe (later ones ask for `replica`), so the 9.5 ranking applies.
    static func walLevelRank(_ text: String, major: PostgresMajor? = nil, wanted: String = "") -> Int? {
        let nineFive = major.map { $0 < PostgresMajor(9, 6) } ?? (wanted.lowercased() == "hot_standby")
        switch text.lowercased() {
        case "minimal": return 0
        case "archive": return 1
        case "hot_standby": return nineFive ? 2 : 1
        case "replica": return nineFive ? nil : 1
        case "logical": return nineFive ? 3 : 2
        default: return nil
        }
    }

    /// Base units of the size parameters the procedure sets; a bare number
    /// is in this unit.
    static let baseUnitBytes: [String: Double] = ["wal_keep_size": 1024 * 1024]

    /// A count, or a size in bytes for parameters with a unit.
    static func quantity(_ text: String, of name: String) -> Double? {
        let trimmed = text.trimmingSpaces()
        let digits = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard let number = Double(digits) else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingSpaces()
        guard let base = baseUnitBytes[name] else { return unit.isEmpty ? number : nil }
        let units: [String: Double] = ["": base, "B": 1, "kB": 1024, "MB": 1024 * 1024,
                                       "GB": 1024 * 1024 * 1024, "TB": 1024 * 1024 * 1024 * 1024]
        guard let factor = units[unit] else { return nil }
        return number * factor
    }
}

private extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
