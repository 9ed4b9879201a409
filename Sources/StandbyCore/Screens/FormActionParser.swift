import Yams

/// `form: {fields: [...]}`: the inputs a step asks for, in display order.
enum FormActionParser {
    static func form(_ entry: ScreenFileReader.Entry, reader: ScreenFileReader) -> FormAction? {
        guard let entries = reader.entries(of: entry.value, allowed: ["fields"], required: ["fields"], what: "'form'"),
              let list = entries["fields"], let items = reader.strings(list) else { return nil }
        let before = reader.problems.count
        var seen = Set<String>()
        for item in items {
            if let problem = problem(with: item.text) {
                reader.report(problem, at: item.node)
            } else if !seen.insert(item.text).inserted {
                reader.report("form field '\(item.text)' is listed twice", at: item.node)
            }
        }
        return reader.problems.count == before ? FormAction(fields: items.map(\.text)) : nil
    }

    private static func problem(with name: String) -> String? {
        if VariableCatalog.spec(named: name) != nil { return nil }
        if name.hasPrefix("$"), VariableCatalog.spec(named: String(name.dropFirst())) != nil {
            return "write form fields without '$' ('\(name.dropFirst())')"
        }
        if DerivedVariables.names.contains(name) {
            return "'\(name)' is derived from other answers; a form cannot ask for it"
        }
        let inputs = VariableCatalog.inputs.map(\.name).joined(separator: ", ")
        return "unknown form field '\(name)' (expected one of \(inputs))"
    }
}
