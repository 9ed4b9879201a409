/// What ensuring one pg_hba.conf rule did.
public struct HbaEdit: Sendable, Equatable, CustomStringConvertible {
    public enum Action: Sendable, Equatable {
        /// An equivalent rule already decides these connections.
        case alreadyPresent
        /// Put above a rule that would otherwise match first; `shadowing`
        /// is that rule's text.
        case insertedBefore(shadowing: String, shadowingLine: Int)
        case appended
    }

    public var rule: String
    public var action: Action
    /// Where the rule is (or now is), 1-based.
    public var lineNumber: Int

    public var changesFile: Bool { action != .alreadyPresent }

    public var description: String {
        switch action {
        case .alreadyPresent:
            "rule already present at line \(lineNumber): \(rule)"
        case .insertedBefore(let shadowing, let line):
            "rule added at line \(lineNumber), above line \(line) which would match first: \(shadowing)"
        case .appended:
            "rule added at line \(lineNumber): \(rule)"
        }
    }
}

public enum HbaEditError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file has lines the server would refuse; the wizard does not
    /// guess what they were meant to say.
    case invalidFile(path: String, problems: [String])
    case invalidRule(String)

    public var description: String {
        switch self {
        case .invalidFile(let path, let problems):
            "\(path) has lines PostgreSQL would refuse; fix them first:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
        case .invalidRule(let reason): "the rule to add is not valid: \(reason)"
        }
    }
}

public enum HbaEditor {
    /// The rule a step asks for, from its already substituted fields.
    public static func rule(type: String, database: String, user: String, address: String, method: String) throws -> HbaRule {
        let text = [type, quoteIfNeeded(database), userToken(user), address, method].joined(separator: " ")
        guard case .rule(let rule) = PgHba.classifyRecord(text, index: 0, lineCount: 1) else {
            if case .invalid(let reason) = PgHba.classifyRecord(text, index: 0, lineCount: 1) {
                throw HbaEditError.invalidRule(reason)
            }
            throw HbaEditError.invalidRule(text)
        }
        return rule
    }

    /// Makes sure the connections `wanted` describes reach a rule like it:
    /// unchanged when the first rule that takes them is equivalent, else
    /// the rule goes above the first rule that could take them, or at the
    /// end when none could.
    public static func ensure(_ wanted: HbaRule, in text: String, path: String,
                              dateStamp: String) throws -> (text: String, edit: HbaEdit) {
        var hba = PgHba(text)
        let problems = hba.problems
        guard problems.isEmpty else { throw HbaEditError.invalidFile(path: path, problems: problems) }
        let newLine = line(for: wanted)
        let comment = "# Added by standby-wizard on \(dateStamp): replication login of the standby"
        for (index, kind) in hba.kinds.enumerated() {
            let verdict: HbaMatch
            switch kind {
            case .rule(let rule):
                verdict = HbaMatch.of(rule, for: wanted)
                if verdict == .yes, equivalent(rule, wanted) {
                    return (text, HbaEdit(rule: hba.lines.lines[index].content, action: .alreadyPresent, lineNumber: index + 1))
                }
            case .include:
                // What an included file holds is not read here; treat it
                // as able to match first.
                verdict = .maybe
            default:
                continue
            }
            guard verdict != .no else { continue }
            let at = startOfCommentBlock(above: index, in: hba)
            let shadowing = hba.lines.lines[index].content
            hba.insert([comment, newLine, ""], at: at)
            return (hba.text, HbaEdit(rule: newLine, action: .insertedBefore(shadowing: shadowing, shadowingLine: index + 1),
                                      lineNumber: at + 2))
        }
        let needsGap = hba.lines.lines.last.map { !$0.content.trimmingBlanks().isEmpty } ?? false
        hba.append((needsGap ? [""] : []) + [comment, newLine])
        return (hba.text, HbaEdit(rule: newLine, action: .appended, lineNumber: hba.lines.lines.count))
    }

    /// Same method and no options that ask for more (clientcert and such).
    static func equivalent(_ rule: HbaRule, _ wanted: HbaRule) -> Bool {
        rule.method.lowercased() == wanted.method.lowercased() && rule.options == wanted.options
    }

    /// A comment directly above a rule explains that rule; the new rule
    /// goes above the comment so the explanation stays with its rule.
    private static func startOfCommentBlock(above index: Int, in hba: PgHba) -> Int {
        var start = index
        while start > 0, case .comment = hba.kinds[start - 1],
              hba.lines.lines[start - 1].content.trimmingBlanks().hasPrefix("#") {
            start -= 1
        }
        return start
    }

    /// Columns as in pg_hba.conf.sample, so the new line lines up.
    public static func line(for rule: HbaRule) -> String {
        let address = rule.addressText ?? ""
        var fields = [(rule.type, 8),
                      (rule.databases.map(render).joined(separator: ","), 16),
                      (rule.users.map(render).joined(separator: ","), 16)]
        fields.append((address, 24))
        var out = ""
        for (text, width) in fields {
            out += text + String(repeating: " ", count: max(1, width - text.count))
        }
        out += ([rule.method] + rule.options).joined(separator: " ")
        return out
    }

    static func render(_ token: HbaToken) -> String {
        token.quoted ? quote(token.text) : token.text
    }

    private static let keywords: Set<String> = ["all", "sameuser", "samerole", "samegroup", "replication", "samehost", "samenet"]

    /// User and database names that would read as a keyword, a group, a
    /// file or a list get double quotes; `replication` in the database
    /// column is meant as the keyword and stays bare.
    static func quoteIfNeeded(_ text: String) -> String {
        let special = text.isEmpty || text.contains(where: { " \t,\"#".contains($0) })
        return special ? quote(text) : text
    }

    static func quote(_ text: String) -> String {
        "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    static func userToken(_ name: String) -> String {
        keywords.contains(name) || name.hasPrefix("+") || name.hasPrefix("@") || name.hasPrefix("/") ? quote(name) : quoteIfNeeded(name)
    }
}

extension String {
    func trimmingBlanks() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s = s.dropLast() }
        return String(s)
    }
}
