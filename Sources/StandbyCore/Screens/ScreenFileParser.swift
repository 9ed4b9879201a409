import Yams

/// What one file yielded. The id is kept even when the screen is rejected,
/// so a duplicate of it in a later file is still caught.
struct ParsedScreenFile {
    var screen: ScreenDefinition?
    var id: (name: String, line: Int)?
    var problems: [ScreenProblem]
}

/// Turns one screen file's text into a `ScreenDefinition`, checking the
/// schema described in screens/README.md.
enum ScreenFileParser {
    static let topLevelKeys = ["id", "title", "host", "text", "help", "when", "action"]
    static let requiredKeys = ["id", "title", "host", "text"]
    /// Wider titles do not fit the step list beside the text pane.
    static let maxTitleLength = 40

    static func parse(yaml: String, file: String) -> ParsedScreenFile {
        let reader = ScreenFileReader(file: file)
        let root: Node?
        do {
            // No implicit tag rules: they are regular expressions, compiled
            // on first use and run on every mapping key (Yams's duplicate
            // check), a third of loading the built-in screens before the
            // first frame. Nothing here needs them: `bool`, `int` and `null`
            // read a value's text and style, and a value's tag is never
            // resolved. The encoding is given so that Yams does not copy
            // the whole environment, per file, to look for an override.
            root = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch {
            reader.report(YAMLErrorText.message(for: error), line: YAMLErrorText.line(for: error, in: yaml))
            return ParsedScreenFile(screen: nil, id: nil, problems: reader.problems)
        }
        guard let root else {
            reader.report("the file is empty; a screen needs \(requiredKeys.joined(separator: ", "))", line: 1)
            return ParsedScreenFile(screen: nil, id: nil, problems: reader.problems)
        }
        guard case .mapping = root else {
            reader.report("a screen file must be a mapping of keys, not \(reader.kind(of: root))", at: root)
            return ParsedScreenFile(screen: nil, id: nil, problems: reader.problems)
        }
        return screen(from: root, reader: reader)
    }

    private static func screen(from root: Node, reader: ScreenFileReader) -> ParsedScreenFile {
        let entries = reader.entries(of: root, allowed: topLevelKeys, required: requiredKeys, what: "the screen")
            ?? [:]
        let id = entries["id"].flatMap { identifier($0, reader: reader) }
        let title = entries["title"].flatMap { checkedTitle($0, reader: reader) }
        let host = entries["host"].flatMap { reader.choice($0, of: HostRole.self) }
        let text = entries["text"].flatMap { prose($0, reader: reader) }
        let help: String? = if let entry = entries["help"] { prose(entry, reader: reader) } else { "" }
        let condition: ScreenCondition? =
            if let entry = entries["when"] { ConditionParser.condition(entry, reader: reader) } else { .always }
        let action: StepAction? =
            if let entry = entries["action"] { ActionParser.action(entry, reader: reader) } else { .info }

        let idLine = entries["id"].map { reader.line(of: $0.value) }
        var parsed = ParsedScreenFile(screen: nil, id: id.map { ($0, idLine ?? 1) }, problems: reader.problems)
        guard parsed.problems.isEmpty, let id, let title, let host, let text, let help, let condition, let action
        else { return parsed }
        parsed.screen = ScreenDefinition(id: id, title: title, host: host, text: text, help: help,
                                         condition: condition, action: action,
                                         location: SourceLocation(file: reader.file, line: idLine ?? 1))
        return parsed
    }

    private static func identifier(_ entry: ScreenFileReader.Entry, reader: ScreenFileReader) -> String? {
        guard let id = reader.string(entry) else { return nil }
        let scalars = Array(id.unicodeScalars)
        let lowerOrDigit: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        guard lowerOrDigit(scalars[0]), scalars.allSatisfy({ lowerOrDigit($0) || $0 == "-" }) else {
            reader.report("id '\(id)' must be lower-case letters, digits and '-', starting with a letter or digit",
                          at: entry.value)
            return nil
        }
        return id
    }

    private static func checkedTitle(_ entry: ScreenFileReader.Entry, reader: ScreenFileReader) -> String? {
        guard let title = reader.string(entry) else { return nil }
        reader.checkReferences(in: title, of: entry.value, field: "title")
        if title.contains(where: \.isNewline) {
            reader.report("'title' must be one line", at: entry.value)
            return nil
        }
        if title.count > maxTitleLength {
            reader.report("'title' is \(title.count) characters; at most \(maxTitleLength) fit the step list",
                          at: entry.value)
            return nil
        }
        return title
    }

    /// Text and help: any non-empty string, with its references checked.
    private static func prose(_ entry: ScreenFileReader.Entry, reader: ScreenFileReader) -> String? {
        guard let text = reader.string(entry) else { return nil }
        reader.checkReferences(in: text, of: entry.value, field: entry.name)
        return text
    }
}
