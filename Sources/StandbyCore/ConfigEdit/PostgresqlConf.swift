/// One `name = value` line (the `=` is optional, as for the server).
public struct ConfAssignment: Sendable, Equatable {
    /// As written; the server compares names without regard to case.
    public var name: String
    /// The value as the server sees it, quotes and escapes resolved.
    public var value: String
    /// The value exactly as written in the file.
    public var written: String
    /// Index into the document's lines (0-based).
    public var lineIndex: Int
    /// Where the value sits in the line, in Unicode scalars.
    var valueRange: Range<Int>
    /// Where the name starts, in Unicode scalars (after a `#` when commented).
    var nameStart: Int

    public var key: String { name.lowercased() }
    public var lineNumber: Int { lineIndex + 1 }
}

public enum ConfIncludeKind: String, Sendable, Equatable {
    case include
    case includeIfExists = "include_if_exists"
    case includeDir = "include_dir"
}

public enum ConfLineKind: Sendable, Equatable {
    /// Blank or comment only.
    case comment
    case assignment(ConfAssignment)
    case include(ConfIncludeKind, path: String, lineIndex: Int)
    /// `#name = value`: a default shown for reference, the place where a
    /// setting is best written so it stays beside its documentation.
    case commentedAssignment(ConfAssignment)
    /// A line the server would refuse to load.
    case invalid(reason: String)
}

/// postgresql.conf (or any file in its syntax) as lines that keep their
/// exact text, with what each line means to the server.
public struct PostgresqlConf: Sendable, Equatable {
    public private(set) var lines: TextLines
    public private(set) var kinds: [ConfLineKind]

    public init(_ text: String) {
        let parsed = TextLines(text)
        lines = parsed
        kinds = parsed.lines.indices.map { Self.classify(parsed.lines[$0].content, index: $0) }
    }

    public var text: String { lines.text }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var lineNumber: Int
        public var reason: String
        public var description: String { "line \(lineNumber): \(reason)" }
    }

    public var problems: [Problem] {
        kinds.enumerated().compactMap { index, kind in
            if case .invalid(let reason) = kind { return Problem(lineNumber: index + 1, reason: reason) }
            return nil
        }
    }

    public var assignments: [ConfAssignment] {
        kinds.compactMap { if case .assignment(let a) = $0 { return a } else { return nil } }
    }

    public var commentedAssignments: [ConfAssignment] {
        kinds.compactMap { if case .commentedAssignment(let a) = $0 { return a } else { return nil } }
    }

    // MARK: - Changing lines

    /// Puts `literal` (already quoted as needed) in place of the value on an
    /// active line; the name, spacing and trailing comment stay.
    mutating func replaceValue(of assignment: ConfAssignment, with literal: String) {
        var scalars = Array(lines.lines[assignment.lineIndex].content.unicodeScalars)
        scalars.replaceSubrange(assignment.valueRange, with: literal.unicodeScalars)
        setLine(assignment.lineIndex, to: scalars)
    }

    /// Turns `#name = default   # doc` into `name = literal   # doc`.
    mutating func uncomment(_ assignment: ConfAssignment, with literal: String) {
        var scalars = Array(lines.lines[assignment.lineIndex].content.unicodeScalars)
        scalars.replaceSubrange(assignment.valueRange, with: literal.unicodeScalars)
        // Drop the `#` and any blanks between it and the name; the
        // indentation before the `#` stays.
        guard let hash = scalars[..<assignment.nameStart].lastIndex(of: "#") else { return }
        scalars.removeSubrange(hash..<assignment.nameStart)
        setLine(assignment.lineIndex, to: scalars)
    }

    /// Turns an active line into a comment, with `note` after it saying
    /// why; the server then ignores it and the value stays readable.
    mutating func commentOut(_ assignment: ConfAssignment, note: String) {
        let content = lines.lines[assignment.lineIndex].content
        var scalars = Array("#".unicodeScalars)
        scalars.append(contentsOf: content.unicodeScalars)
        scalars.append(contentsOf: "\t# \(note)".unicodeScalars)
        setLine(assignment.lineIndex, to: scalars)
    }

    mutating func append(_ contents: [String]) {
        let start = lines.lines.count
        lines.append(contents)
        kinds = Array(kinds.prefix(max(0, start - 1)))
        for index in kinds.count..<lines.lines.count {
            kinds.append(Self.classify(lines.lines[index].content, index: index))
        }
    }

    private mutating func setLine(_ index: Int, to scalars: [Unicode.Scalar]) {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        lines.lines[index].content = String(view)
        kinds[index] = Self.classify(lines.lines[index].content, index: index)
    }

    // MARK: - Reading one line

    static let includeNames: [String: ConfIncludeKind] = [
        "include": .include, "include_if_exists": .includeIfExists, "include_dir": .includeDir,
    ]

    static func classify(_ content: String, index: Int) -> ConfLineKind {
        let scalars = Array(content.unicodeScalars)
        let scan = ConfLexer.tokenize(scalars)
        if scan.tokens.isEmpty {
            if let hash = scan.commentStart,
               let commented = commentedAssignment(scalars, after: hash, index: index) {
                return .commentedAssignment(commented)
            }
            return .comment
        }
        switch assignment(scan.tokens, index: index) {
        case .success(let found):
            if let kind = includeNames[found.key] {
                return .include(kind, path: found.value, lineIndex: index)
            }
            return .assignment(found)
        case .failure(let problem):
            return .invalid(reason: problem.reason)
        }
    }

    struct SyntaxProblem: Error {
        var reason: String
    }

    /// name [=] value, and nothing else before the comment.
    private static func assignment(_ tokens: [ConfLexer.Token], index: Int) -> Result<ConfAssignment, SyntaxProblem> {
        let nameToken = tokens[0]
        guard nameToken.kind == .identifier || nameToken.kind == .qualifiedIdentifier else {
            return .failure(SyntaxProblem(reason: "syntax error near \"\(nameToken.text)\" (a line must start with a parameter name)"))
        }
        var position = 1
        if position < tokens.count, tokens[position].kind == .equals { position += 1 }
        guard position < tokens.count else {
            return .failure(SyntaxProblem(reason: "\(nameToken.text) has no value"))
        }
        let valueToken = tokens[position]
        let valueKinds: [ConfLexer.Kind] = [.identifier, .string, .integer, .real, .unquotedString]
        guard valueKinds.contains(valueToken.kind) else {
            let hint = valueToken.text.hasPrefix("'") ? " (a quote is not closed)" : ""
            return .failure(SyntaxProblem(reason: "syntax error near \"\(valueToken.text)\"\(hint)"))
        }
        if position + 1 < tokens.count {
            return .failure(SyntaxProblem(reason: "syntax error near \"\(tokens[position + 1].text)\" (one value per line; quote values with spaces)"))
        }
        return .success(ConfAssignment(name: nameToken.text, value: ConfValue.value(of: valueToken),
                                       written: valueToken.text, lineIndex: index,
                                       valueRange: valueToken.range, nameStart: nameToken.range.lowerBound))
    }

    /// `#name = value [# comment]`: the `=` is required here so that prose
    /// such as `# include files ...` is not taken for a setting.
    private static func commentedAssignment(_ scalars: [Unicode.Scalar], after hash: Int, index: Int) -> ConfAssignment? {
        let rest = Array(scalars[(hash + 1)...])
        let scan = ConfLexer.tokenize(rest)
        guard scan.tokens.count == 3, scan.tokens[1].kind == .equals,
              case .success(var found) = assignment(scan.tokens, index: index),
              includeNames[found.key] == nil else { return nil }
        let shift = hash + 1
        found.valueRange = (found.valueRange.lowerBound + shift)..<(found.valueRange.upperBound + shift)
        found.nameStart += shift
        return found
    }
}
