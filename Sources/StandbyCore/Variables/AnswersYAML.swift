import Yams

/// The structural reading of an answers file: a flat mapping of known
/// names to scalar texts, each with its line.
enum AnswersYAML {
    struct Entry {
        let name: String
        /// The scalar exactly as written: YAML would read 9.10 as the float
        /// 9.1 and 015 as 13, so the typed value is never used.
        let value: String
        let line: Int
    }

    static func entries(yaml: String, file: String) throws -> [Entry] {
        func fail(_ line: Int?, _ reason: String) -> AnswersFileError {
            AnswersFileError(file: file, line: line, reason: reason)
        }
        let root: Node?
        do {
            // Texts only, so no implicit tag rules (regular expressions
            // compiled on first use: milliseconds before the first frame,
            // where an empty answers text is read for the password rules).
            root = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch let error as YamlError {
            let (line, reason) = describe(error, yaml: yaml)
            throw fail(line, reason)
        }
        guard let root else { return [] }
        guard case .mapping(let mapping) = root else {
            throw fail(root.mark?.line ?? 1, "expected NAME: value lines (a YAML mapping)")
        }
        let known = VariableCatalog.inputs.map(\.name)
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        for (keyNode, valueNode) in mapping {
            let line = keyNode.mark?.line ?? mapping.mark?.line ?? 1
            guard case .scalar(let key) = keyNode else { throw fail(line, "a key must be a variable name") }
            let name = key.string
            guard known.contains(name) else {
                let hint = NameSuggestion.closest(to: name, among: known).map { " (did you mean \($0)?)" } ?? ""
                throw fail(line, "unknown key \(name)\(hint)")
            }
            if let first = seen[name] { throw fail(line, "duplicate key \(name) (first on line \(first))") }
            seen[name] = line
            switch valueNode {
            case .scalar(let scalar):
                if isNull(scalar) { continue }
                entries.append(Entry(name: name, value: scalar.string, line: line))
            case .mapping, .sequence, .alias:
                throw fail(line, "\(name) must be a single value, not a list or mapping")
            }
        }
        return entries
    }

    /// `KEY:`, `KEY: ~` and `KEY: null` written plainly; a quoted "null"
    /// is the text null.
    private static func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// libyaml's own wording with its line. The description Yams builds
    /// quotes the offending source line, which could be the password's, so
    /// it is not used.
    private static func describe(_ error: YamlError, yaml: String) -> (Int?, String) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return (mark.line, "not valid YAML: \(problem)")
        case .reader(let problem, let offset, _, _):
            let line = offset.map { offset in yaml.utf8.prefix(offset).filter { $0 == UInt8(ascii: "\n") }.count + 1 }
            return (line, "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let name = duplicates.first ?? "?"
            let first = context.mark.line
            let again = lineOfRepeatedKey(name, after: first, in: yaml) ?? first
            return (again, "duplicate key \(name) (first on line \(first))")
        default:
            return (nil, "not valid YAML")
        }
    }

    /// Yams reports where a duplicated key first appears; the operator
    /// needs the repeat. Top-level keys sit at the start of their line.
    private static func lineOfRepeatedKey(_ name: String, after line: Int, in yaml: String) -> Int? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard line < lines.count else { return nil }
        for index in line..<lines.count {
            var text = Substring(lines[index].drop { $0 == " " })
            if let quote = text.first, quote == "\"" || quote == "'" { text = text.dropFirst() }
            guard text.hasPrefix(name) else { continue }
            let rest = text.dropFirst(name.count).drop { $0 == "\"" || $0 == "'" || $0 == " " }
            if rest.hasPrefix(":") { return index + 1 }
        }
        return nil
    }
}
