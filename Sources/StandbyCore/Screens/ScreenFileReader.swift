import Foundation
import Yams

/// Walks one screen file's YAML tree and collects every problem instead of
/// stopping at the first, so an author fixes a file in one round.
///
/// Each accessor reports what is wrong with a node and returns nil; callers
/// carry on with the other keys.
final class ScreenFileReader {
    let file: String
    private(set) var problems: [ScreenProblem] = []

    init(file: String) {
        self.file = file
    }

    /// A key and its value, as found in a mapping.
    struct Entry {
        let name: String
        let key: Node
        let value: Node
    }

    // MARK: - Reporting

    func line(of node: Node) -> Int { node.mark?.line ?? 1 }

    func report(_ message: String, line: Int) {
        problems.append(ScreenProblem(location: SourceLocation(file: file, line: line), message: message))
    }

    func report(_ message: String, at node: Node) {
        report(message, line: line(of: node))
    }

    // MARK: - Mappings

    /// The entries of a mapping whose keys are all in `allowed`, in YAML
    /// order. Unknown keys and missing required keys are reported; the known
    /// entries are still returned so their values get checked too.
    func entries(of node: Node, allowed: [String], required: [String] = [], what: String) -> [String: Entry]? {
        guard case .mapping(let mapping) = node else {
            report("\(what) must be a mapping of \(allowed.joined(separator: ", ")), not \(kind(of: node))", at: node)
            return nil
        }
        var found: [String: Entry] = [:]
        for (key, value) in mapping {
            guard let name = keyName(key) else { continue }
            guard allowed.contains(name) else {
                report("unknown key '\(name)' (expected one of \(allowed.joined(separator: ", ")))", at: key)
                continue
            }
            found[name] = Entry(name: name, key: key, value: value)
        }
        for name in required where found[name] == nil {
            report("missing required key '\(name)' in \(what)", at: node)
        }
        return found
    }

    /// Mapping keys must be plain names; a list or mapping used as a key is
    /// almost always an indentation slip.
    func keyName(_ key: Node) -> String? {
        guard case .scalar(let scalar) = key else {
            report("a key must be a plain name, not \(kind(of: key))", at: key)
            return nil
        }
        return scalar.string
    }

    // MARK: - Scalars

    /// A non-empty scalar, as written (YAML `on` stays "on", `10` stays "10").
    func string(_ entry: Entry) -> String? {
        guard case .scalar(let scalar) = entry.value else {
            report("'\(entry.name)' must be a string, not \(kind(of: entry.value))", at: entry.key)
            return nil
        }
        // White_Space is the set .whitespacesAndNewlines holds; asked per
        // scalar it stops at the first letter instead of copying the text.
        if isNull(entry.value) || scalar.string.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
            report("'\(entry.name)' is empty", at: entry.key)
            return nil
        }
        return scalar.string
    }

    /// One of an enum's raw values; `label` names the thing in the message
    /// when the key alone reads badly ("unknown user" for `as:`).
    func choice<T: RawRepresentable & CaseIterable>(_ entry: Entry, of type: T.Type, label: String? = nil) -> T?
    where T.RawValue == String {
        guard let raw = string(entry) else { return nil }
        guard let value = T(rawValue: raw) else {
            let valid = T.allCases.map(\.rawValue).joined(separator: ", ")
            report("unknown \(label ?? entry.name) '\(raw)' (expected one of \(valid))", at: entry.value)
            return nil
        }
        return value
    }

    func bool(_ entry: Entry) -> Bool? {
        guard !isNull(entry.value), let value = entry.value.bool else {
            report("'\(entry.name)' must be true or false", at: entry.key)
            return nil
        }
        return value
    }

    func int(_ entry: Entry, in range: ClosedRange<Int>, unit: String) -> Int? {
        guard let value = entry.value.int else {
            report("'\(entry.name)' must be a whole number of \(unit)", at: entry.key)
            return nil
        }
        guard range.contains(value) else {
            report("'\(entry.name)' must be between \(range.lowerBound) and \(range.upperBound) \(unit), not \(value)",
                   at: entry.value)
            return nil
        }
        return value
    }

    // MARK: - Lists

    /// The string items of a list, each with its node for line numbers.
    /// `allowSingle` lets a lone string stand for a one-item list.
    func strings(_ entry: Entry, allowSingle: Bool = false) -> [(text: String, node: Node)]? {
        let items: [Node]
        switch entry.value {
        case .sequence(let sequence):
            items = Array(sequence)
        case .scalar where allowSingle && !isNull(entry.value):
            items = [entry.value]
        default:
            let expected = allowSingle ? "a string or a list of strings" : "a list"
            report("'\(entry.name)' must be \(expected), not \(kind(of: entry.value))", at: entry.key)
            return nil
        }
        guard !items.isEmpty else {
            report("'\(entry.name)' is an empty list", at: entry.key)
            return nil
        }
        var result: [(text: String, node: Node)] = []
        var fine = true
        for item in items {
            guard case .scalar(let scalar) = item, !isNull(item) else {
                report("items of '\(entry.name)' must be strings, not \(kind(of: item))", at: item)
                fine = false
                continue
            }
            result.append((scalar.string, item))
        }
        return fine ? result : nil
    }

    // MARK: - Kinds

    /// `key:` with nothing after it, or `~` / `null`; a quoted '' is a
    /// deliberate empty string and not null.
    func isNull(_ node: Node) -> Bool {
        node.null != nil
    }

    func kind(of node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar: isNull(node) ? "empty" : "a string"
        }
    }
}
