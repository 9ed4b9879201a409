import Yams

/// Reads a screen's `action:`: the word `info`, or a mapping with exactly one
/// key naming the kind, whose value holds that kind's settings.
enum ActionParser {
    typealias Entry = ScreenFileReader.Entry

    private static var validKinds: String { StepAction.kindNames.joined(separator: ", ") }

    static func action(_ entry: Entry, reader: ScreenFileReader) -> StepAction? {
        switch entry.value {
        case .scalar(let scalar) where !reader.isNull(entry.value):
            return bareKind(scalar.string, node: entry.value, reader: reader)
        case .mapping(let mapping):
            return kindMapping(mapping, entry: entry, reader: reader)
        default:
            let found = reader.kind(of: entry.value)
            reader.report("'action' must be 'info' or a mapping with one of \(validKinds), not \(found)", at: entry.key)
            return nil
        }
    }

    private static func bareKind(_ name: String, node: Node, reader: ScreenFileReader) -> StepAction? {
        if name == StepAction.info.kindName { return .info }
        if StepAction.kindNames.contains(name) {
            reader.report("action '\(name)' needs its settings: write it as a mapping, '\(name):' under 'action:'",
                          at: node)
        } else {
            reader.report("unknown action '\(name)' (expected one of \(validKinds))", at: node)
        }
        return nil
    }

    /// Every kind present is checked, so a file with two actions still gets
    /// all its other mistakes reported in the same run.
    private static func kindMapping(_ mapping: Node.Mapping, entry: Entry, reader: ScreenFileReader) -> StepAction? {
        let before = reader.problems.count
        var actions: [StepAction?] = []
        var kinds: [String] = []
        for (key, value) in mapping {
            guard let name = reader.keyName(key) else { continue }
            guard StepAction.kindNames.contains(name) else {
                reader.report("unknown action '\(name)' (expected one of \(validKinds))", at: key)
                continue
            }
            kinds.append(name)
            if kinds.count == 2 {
                reader.report("more than one action (\(kinds[0]), \(name)); a step does exactly one thing", at: key)
            }
            actions.append(kind(name, Entry(name: name, key: key, value: value), reader: reader))
        }
        if mapping.isEmpty {
            reader.report("'action' is an empty mapping (expected one of \(validKinds))", at: entry.key)
        }
        guard reader.problems.count == before, actions.count == 1 else { return nil }
        return actions[0]
    }

    private static func kind(_ name: String, _ entry: Entry, reader: ScreenFileReader) -> StepAction? {
        switch name {
        case "info":
            guard reader.isNull(entry.value) else {
                reader.report("'info' takes no settings", at: entry.key)
                return nil
            }
            return .info
        case "form": return FormActionParser.form(entry, reader: reader).map(StepAction.form)
        case "command": return CommandActionParser.command(entry, reader: reader).map(StepAction.command)
        case "edit": return EditActionParser.edit(entry, reader: reader).map(StepAction.edit)
        case "gate": return CheckActionParser.gate(entry, reader: reader).map(StepAction.gate)
        case "verify": return CheckActionParser.verify(entry, reader: reader).map(StepAction.verify)
        default: return nil
        }
    }
}
