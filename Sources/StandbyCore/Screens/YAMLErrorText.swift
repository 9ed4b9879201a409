import Yams

/// Yams' error descriptions quote the whole file and put the position first;
/// check-screens wants one short line after its own FILE:LINE.
enum YAMLErrorText {
    static func message(for error: Error) -> String {
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return "YAML syntax error: \(problem)" + contextSuffix(context, problemLine: mark.line)
        case .reader(let problem, _, _, _):
            return "YAML syntax error: \(problem)"
        case .duplicatedKeysInMapping(let duplicates, _):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return "YAML syntax error: key \(names) appears more than once in the same mapping"
        default:
            return "cannot read YAML: \(error)"
        }
    }

    static func line(for error: Error, in yaml: String) -> Int {
        switch error as? YamlError {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        case .reader(_, let offset, _, _):
            // The offset counts characters from the start of the text.
            guard let offset else { return 1 }
            return yaml.prefix(offset).reduce(1) { $1.isNewline ? $0 + 1 : $0 }
        case .duplicatedKeysInMapping(_, let context):
            // Yams names the first occurrence; that is where the author looks.
            return context.mark.line
        default:
            return 1
        }
    }

    /// An unclosed quote or bracket is reported where the file ends; the
    /// line where it was opened is the one worth naming too.
    private static func contextSuffix(_ context: YamlError.Context?, problemLine: Int) -> String {
        guard let context else { return "" }
        if context.mark.line == problemLine { return " (\(context.text))" }
        return " (\(context.text) started at line \(context.mark.line))"
    }
}
