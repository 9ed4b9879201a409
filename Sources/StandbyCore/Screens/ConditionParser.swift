import Yams

/// Reads a screen's `when:` into a `ScreenCondition`.
enum ConditionParser {
    static let keys = ["version", "mode", "layout", "hosts", "answers"]

    static func condition(_ entry: ScreenFileReader.Entry, reader: ScreenFileReader) -> ScreenCondition? {
        guard let entries = reader.entries(of: entry.value, allowed: keys, what: "'when'") else { return nil }
        let before = reader.problems.count
        var condition = ScreenCondition()
        if let version = entries["version"], let items = reader.strings(version, allowSingle: true) {
            condition.versions = items.compactMap { item -> VersionRange? in
                do throws(VersionRange.ParseError) {
                    return try VersionRange.parse(item.text)
                } catch {
                    reader.report("bad version condition: \(error.description)", at: item.node)
                    return nil
                }
            }
        }
        if let mode = entries["mode"] {
            condition.modes = values(mode, of: WizardMode.self, reader: reader)
        }
        if let layout = entries["layout"] {
            condition.layouts = values(layout, of: DataLayout.self, reader: reader)
        }
        if let hosts = entries["hosts"] {
            condition.hosts = values(hosts, of: HostsInReach.self, reader: reader)
        }
        if let answers = entries["answers"] {
            condition.choices = choices(answers, reader: reader)
        }
        return reader.problems.count == before ? condition : nil
    }

    /// `answers: {NAME: [value, ...]}`, NAME a choice variable and each
    /// value one of its choices.
    private static func choices(_ entry: ScreenFileReader.Entry, reader: ScreenFileReader) -> [String: Set<String>]? {
        let specs = VariableCatalog.inputs.filter { $0.kind == .choice }
        guard let entries = reader.entries(of: entry.value, allowed: specs.map(\.name), what: "'answers'") else { return nil }
        var result: [String: Set<String>] = [:]
        for (name, item) in entries {
            guard let spec = specs.first(where: { $0.name == name }), let values = reader.strings(item, allowSingle: true) else { continue }
            for value in values where !spec.choices.contains(value.text) {
                reader.report("unknown \(name) '\(value.text)' in 'when' (expected one of \(spec.choices.joined(separator: ", ")))", at: value.node)
            }
            result[name] = Set(values.map(\.text))
        }
        return result
    }

    private static func values<T: RawRepresentable & CaseIterable & Hashable>(
        _ entry: ScreenFileReader.Entry, of type: T.Type, reader: ScreenFileReader
    ) -> Set<T>? where T.RawValue == String {
        guard let items = reader.strings(entry, allowSingle: true) else { return nil }
        var result = Set<T>()
        for item in items {
            if let value = T(rawValue: item.text) {
                result.insert(value)
            } else {
                let valid = T.allCases.map(\.rawValue).joined(separator: ", ")
                reader.report("unknown \(entry.name) '\(item.text)' in 'when' (expected one of \(valid))",
                              at: item.node)
            }
        }
        return result
    }
}
