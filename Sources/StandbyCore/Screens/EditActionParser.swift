import Yams

/// `edit: {file, settings | rules}`.
enum EditActionParser {
    typealias Entry = ScreenFileReader.Entry
    static let keys = ["file", "settings", "rules"]
    static let ruleKeys = ["type", "database", "user", "address", "method"]

    static func edit(_ entry: Entry, reader: ScreenFileReader) -> EditAction? {
        guard let entries = reader.entries(of: entry.value, allowed: keys, required: ["file"], what: "'edit'")
        else { return nil }
        let before = reader.problems.count
        let file = entries["file"].flatMap { reader.choice($0, of: ConfigFileKind.self) }
        var settings: [ConfigSetting] = []
        var rules: [HbaRuleTemplate] = []
        if let entry = entries["settings"] {
            if file == .pgHbaConf {
                reader.report("'settings' do not apply to pg_hba.conf; give 'rules'", at: entry.key)
            } else {
                settings = self.settings(entry, reader: reader)
            }
        }
        if let entry = entries["rules"] {
            if let file, file != .pgHbaConf {
                reader.report("'rules' only apply to pg_hba.conf; \(file.rawValue) takes 'settings'", at: entry.key)
            } else {
                rules = self.rules(entry, reader: reader)
            }
        }
        guard reader.problems.count == before, let file else { return nil }
        if settings.isEmpty && rules.isEmpty {
            let wanted = file == .pgHbaConf ? "'rules'" : "'settings'"
            reader.report("edit of \(file.rawValue) changes nothing; give \(wanted)", at: entry.key)
            return nil
        }
        return EditAction(file: file, settings: settings, hbaRules: rules)
    }

    /// Settings keep the YAML order: the file is written in that order and
    /// the operator reviews it in that order.
    private static func settings(_ entry: Entry, reader: ScreenFileReader) -> [ConfigSetting] {
        guard case .mapping(let mapping) = entry.value else {
            reader.report("'settings' must be a mapping of name: value, not \(reader.kind(of: entry.value))",
                          at: entry.key)
            return []
        }
        var settings: [ConfigSetting] = []
        for (key, value) in mapping {
            guard let name = reader.keyName(key) else { continue }
            if !isSettingName(name) {
                reader.report("'\(name)' is not a setting name (lower-case letters, digits, '_' and '.')", at: key)
            }
            guard case .scalar(let scalar) = value, !reader.isNull(value) else {
                let found = reader.kind(of: value)
                reader.report("setting '\(name)' needs a single value, not \(found); quote an empty one as ''",
                              at: key)
                continue
            }
            reader.checkReferences(in: scalar.string, of: value, field: name)
            settings.append(ConfigSetting(name: name, value: scalar.string))
        }
        return settings
    }

    private static func isSettingName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        let lower: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || $0 == "_" }
        guard let first = scalars.first, lower(first) else { return false }
        return scalars.allSatisfy { lower($0) || ("0"..."9").contains($0) || $0 == "." }
    }

    private static func rules(_ entry: Entry, reader: ScreenFileReader) -> [HbaRuleTemplate] {
        guard case .sequence(let sequence) = entry.value, !sequence.isEmpty else {
            reader.report("'rules' must be a non-empty list of {\(ruleKeys.joined(separator: ", "))}", at: entry.key)
            return []
        }
        return sequence.compactMap { rule($0, reader: reader) }
    }

    private static func rule(_ node: Node, reader: ScreenFileReader) -> HbaRuleTemplate? {
        guard let entries = reader.entries(of: node, allowed: ruleKeys, required: ruleKeys, what: "a pg_hba.conf rule")
        else { return nil }
        var fields: [String: String] = [:]
        for name in ruleKeys {
            guard let entry = entries[name], let value = reader.string(entry) else { continue }
            reader.checkReferences(in: value, of: entry.value, field: name)
            fields[name] = value
        }
        guard let type = fields["type"], let database = fields["database"], let user = fields["user"],
              let address = fields["address"], let method = fields["method"] else { return nil }
        return HbaRuleTemplate(type: type, database: database, user: user, address: address, method: method)
    }
}
