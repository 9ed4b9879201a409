import Yams

/// `gate:` and `verify:`, the two kinds that list named checks.
enum CheckActionParser {
    /// Long enough for a large primary to finish crash recovery, short
    /// enough that a typo in a setting does not leave the operator waiting.
    static let gateTimeouts = 1...3600

    static func gate(_ entry: ScreenFileReader.Entry, reader: ScreenFileReader) -> GateAction? {
        guard let entries = reader.entries(of: entry.value, allowed: ["expect", "timeout"], required: ["expect"],
                                           what: "'gate'") else { return nil }
        let before = reader.problems.count
        let signals = entries["expect"].flatMap { names($0, of: GateSignal.self, reader: reader) }
        let timeout: Int? =
            if let entry = entries["timeout"] { reader.int(entry, in: gateTimeouts, unit: "seconds") } else { 60 }
        guard reader.problems.count == before, let signals, let timeout else { return nil }
        return GateAction(expect: signals, timeoutSeconds: timeout)
    }

    static func verify(_ entry: ScreenFileReader.Entry, reader: ScreenFileReader) -> VerifyAction? {
        guard let entries = reader.entries(of: entry.value, allowed: ["checks"], required: ["checks"],
                                           what: "'verify'"),
              let checks = entries["checks"].flatMap({ names($0, of: VerifyCheck.self, reader: reader) })
        else { return nil }
        return VerifyAction(checks: checks)
    }

    /// A non-empty list of distinct raw values, in the order written.
    private static func names<T: RawRepresentable & CaseIterable>(
        _ entry: ScreenFileReader.Entry, of type: T.Type, reader: ScreenFileReader
    ) -> [T]? where T.RawValue == String {
        guard let items = reader.strings(entry) else { return nil }
        let before = reader.problems.count
        var result: [T] = []
        for item in items {
            guard let value = T(rawValue: item.text) else {
                let valid = T.allCases.map(\.rawValue).joined(separator: ", ")
                reader.report("unknown \(entry.name) item '\(item.text)' (expected one of \(valid))", at: item.node)
                continue
            }
            if result.contains(where: { $0.rawValue == value.rawValue }) {
                reader.report("'\(item.text)' is listed twice in '\(entry.name)'", at: item.node)
            }
            result.append(value)
        }
        return reader.problems.count == before ? result : nil
    }
}
