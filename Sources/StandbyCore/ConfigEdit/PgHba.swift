/// One field item of a pg_hba.conf line. Quoting matters: an unquoted
/// `replication` or `all` is a keyword, a quoted one an ordinary name.
public struct HbaToken: Sendable, Equatable {
    public var text: String
    public var quoted: Bool

    public init(_ text: String, quoted: Bool = false) {
        self.text = text
        self.quoted = quoted
    }

    public func isKeyword(_ word: String) -> Bool { !quoted && text == word }
}

/// A pg_hba.conf rule as the server reads it.
public struct HbaRule: Sendable, Equatable {
    public var type: String
    public var databases: [HbaToken]
    public var users: [HbaToken]
    /// nil for `local` rules.
    public var address: HbaAddress?
    /// The address column(s) as written (`10.0.0.0 255.0.0.0` for the
    /// mask form), nil for `local` rules.
    public var addressText: String?
    public var method: String
    public var options: [String]
    /// The line the rule starts on (0-based) and how many lines it spans
    /// (a trailing backslash continues a rule).
    public var lineIndex: Int
    public var lineCount: Int

    public static let connectionTypes: Set<String> = ["local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc"]
}

public enum HbaLine: Sendable, Equatable {
    case comment
    case rule(HbaRule)
    /// `include`, `include_if_exists`, `include_dir` (16+): rules from
    /// elsewhere, read at this point.
    case include(kind: String, path: String, lineIndex: Int)
    /// Continuation lines of a rule that started above.
    case continuation
    case invalid(reason: String)
}

/// pg_hba.conf as lines that keep their text, and the rules they hold.
public struct PgHba: Sendable, Equatable {
    public private(set) var lines: TextLines
    public private(set) var kinds: [HbaLine]

    public init(_ text: String) {
        lines = TextLines(text)
        kinds = Self.classify(lines)
    }

    public var text: String { lines.text }

    public var rules: [HbaRule] {
        kinds.compactMap { if case .rule(let rule) = $0 { return rule } else { return nil } }
    }

    public var problems: [String] {
        kinds.enumerated().compactMap { index, kind in
            if case .invalid(let reason) = kind { return "line \(index + 1): \(reason)" }
            return nil
        }
    }

    mutating func insert(_ contents: [String], at index: Int) {
        lines.insert(contents, at: index)
        kinds = Self.classify(lines)
    }

    mutating func append(_ contents: [String]) {
        lines.append(contents)
        kinds = Self.classify(lines)
    }

    // MARK: - Reading

    static func classify(_ lines: TextLines) -> [HbaLine] {
        var kinds: [HbaLine] = []
        var index = 0
        let all = lines.lines
        while index < all.count {
            // A backslash at the very end continues the record on the next line.
            var text = all[index].content
            var count = 1
            while text.hasSuffix("\\"), index + count < all.count {
                text.removeLast()
                text += " " + all[index + count].content
                count += 1
            }
            kinds.append(classifyRecord(text, index: index, lineCount: count))
            for _ in 1..<count { kinds.append(.continuation) }
            index += count
        }
        return kinds
    }

    static func classifyRecord(_ text: String, index: Int, lineCount: Int) -> HbaLine {
        let fields: [[HbaToken]]
        switch tokenize(text) {
        case .success(let found): fields = found
        case .failure(let problem): return .invalid(reason: problem.reason)
        }
        guard let first = fields.first else { return .comment }
        guard first.count == 1 else { return .invalid(reason: "the connection type is a single word") }
        let type = first[0].text
        if ["include", "include_if_exists", "include_dir"].contains(type) {
            guard fields.count == 2, fields[1].count == 1 else { return .invalid(reason: "\(type) takes one file name") }
            return .include(kind: type, path: fields[1][0].text, lineIndex: index)
        }
        guard HbaRule.connectionTypes.contains(type) else {
            return .invalid(reason: "invalid connection type \"\(type)\"")
        }
        let isLocal = type == "local"
        guard fields.count >= (isLocal ? 4 : 5) else {
            return .invalid(reason: "end-of-line before \(fields.count < 3 ? "role" : isLocal ? "authentication method" : "IP address") specification")
        }
        var position = 3
        var address: HbaAddress?
        var addressText: String?
        if !isLocal {
            let addressToken = fields[3][0]
            if let mask = fields.count > 5 ? fields[4].first : nil, !addressToken.text.contains("/"),
               let ip = HbaAddress.parseIP(addressToken.text), let prefix = HbaAddress.prefixLength(ofMask: mask.text, family: ip.count) {
                address = .network(HbaNetwork(bytes: ip, prefix: prefix))
                addressText = addressToken.text + " " + mask.text
                position = 5
            } else {
                switch HbaAddress.parse(addressToken) {
                case .success(let parsed): address = parsed
                case .failure(let problem): return .invalid(reason: problem.reason)
                }
                addressText = HbaEditor.render(addressToken)
                position = 4
            }
            if case .network(let net) = address, !addressToken.text.contains("/"), position == 4 {
                return .invalid(reason: "IP address \(addressToken.text) needs a /prefix or a mask (\(net.bytes.count == 4 ? "/32" : "/128") for one host)")
            }
        }
        guard position < fields.count else { return .invalid(reason: "end-of-line before authentication method") }
        let method = fields[position].map(\.text).joined(separator: ",")
        let options = fields.dropFirst(position + 1).map { $0.map(\.text).joined(separator: ",") }
        return .rule(HbaRule(type: type, databases: fields[1], users: fields[2], address: address, addressText: addressText, method: method,
                             options: Array(options), lineIndex: index, lineCount: lineCount))
    }

    struct SyntaxProblem: Error {
        var reason: String
    }

    /// Whitespace-separated fields, each a comma list of tokens; `"..."`
    /// quotes (with `""` for a quote), `#` outside quotes ends the line.
    static func tokenize(_ text: String) -> Result<[[HbaToken]], SyntaxProblem> {
        var fields: [[HbaToken]] = []
        var field: [HbaToken] = []
        var token = ""
        var quoted = false
        var inQuote = false
        var hasToken = false
        var afterComma = false
        func endToken() {
            if hasToken { field.append(HbaToken(token, quoted: quoted)) }
            token = ""
            quoted = false
            hasToken = false
        }
        func endField() {
            endToken()
            if !field.isEmpty { fields.append(field) }
            field = []
        }
        var chars = Array(text)
        chars.append(" ")
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inQuote {
                if c == "\"" {
                    if i + 1 < chars.count - 1, chars[i + 1] == "\"" {
                        token.append("\"")
                        i += 2
                        continue
                    }
                    inQuote = false
                } else {
                    token.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case "\"":
                inQuote = true
                quoted = true
                hasToken = true
                afterComma = false
            case "#":
                i = chars.count
                continue
            case ",":
                endToken()
                afterComma = true
            case " ", "\t", "\r":
                // A blank right after a comma still belongs to the list.
                if !afterComma && (hasToken || !field.isEmpty) { endField() }
            default:
                token.append(c)
                hasToken = true
                afterComma = false
            }
            i += 1
        }
        if inQuote { return .failure(SyntaxProblem(reason: "unterminated quoted string")) }
        endField()
        return .success(fields)
    }
}
