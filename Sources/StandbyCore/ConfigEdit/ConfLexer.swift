/// Splits one postgresql.conf line into tokens the way the server's
/// scanner (guc-file.l) does: longest match wins, ties go to the rule
/// listed first. Offsets are in Unicode scalars of the line so an editor
/// can replace exactly the value and keep everything around it.
struct ConfLexer {
    enum Kind: Equatable {
        case identifier
        case qualifiedIdentifier
        case string
        case unquotedString
        case integer
        case real
        case equals
        /// A character no rule accepts, or a string without its closing quote.
        case error
    }

    struct Token: Equatable {
        var kind: Kind
        var range: Range<Int>
        var text: String
    }

    struct Result {
        var tokens: [Token]
        /// Where a `#` comment starts, if the line has one.
        var commentStart: Int?
    }

    static func tokenize(_ line: String) -> Result {
        tokenize(Array(line.unicodeScalars))
    }

    static func tokenize(_ s: [Unicode.Scalar]) -> Result {
        var tokens: [Token] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == " " || c == "\t" || c == "\r" {
                i += 1
                continue
            }
            if c == "#" { return Result(tokens: tokens, commentStart: i) }
            let (kind, end) = longestMatch(s, at: i)
            var text = String.UnicodeScalarView()
            text.append(contentsOf: s[i..<end])
            tokens.append(Token(kind: kind, range: i..<end, text: String(text)))
            i = end
        }
        return Result(tokens: tokens, commentStart: nil)
    }

    // MARK: - Rules

    private static func longestMatch(_ s: [Unicode.Scalar], at i: Int) -> (Kind, Int) {
        // In the scanner's order, so that on equal length the earlier wins.
        let candidates: [(Kind, Int?)] = [
            (.identifier, identifier(s, i)),
            (.qualifiedIdentifier, qualifiedIdentifier(s, i)),
            (.string, quotedString(s, i)),
            (.unquotedString, unquotedString(s, i)),
            (.integer, integer(s, i)),
            (.real, real(s, i)),
            (.equals, s[i] == "=" ? i + 1 : nil),
        ]
        var best: (Kind, Int) = (.error, i + 1)
        for case let (kind, end?) in candidates where end > i && (best.0 == .error || end > best.1) {
            best = (kind, end)
        }
        return best
    }

    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(c) || ("a"..."z").contains(c) || c == "_" || c.value >= 0x80
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    private static func isHexDigit(_ c: Unicode.Scalar) -> Bool {
        isDigit(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
    }

    private static func identifier(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        guard i < s.count, isLetter(s[i]) else { return nil }
        var j = i + 1
        while j < s.count, isLetter(s[j]) || isDigit(s[j]) { j += 1 }
        return j
    }

    private static func qualifiedIdentifier(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        guard let first = identifier(s, i), first < s.count, s[first] == "." else { return nil }
        return identifier(s, first + 1)
    }

    private static func unquotedString(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        guard i < s.count, isLetter(s[i]) else { return nil }
        var j = i + 1
        while j < s.count, isLetter(s[j]) || isDigit(s[j]) || "-._:/".unicodeScalars.contains(s[j]) { j += 1 }
        return j
    }

    /// `'...'` with `''` and backslash escapes; no raw newline inside.
    private static func quotedString(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        guard i < s.count, s[i] == "'" else { return nil }
        var j = i + 1
        while j < s.count {
            switch s[j] {
            case "\\":
                guard j + 1 < s.count, s[j + 1] != "\n" else { return nil }
                j += 2
            case "'":
                if j + 1 < s.count, s[j + 1] == "'" {
                    j += 2
                } else {
                    return j + 1
                }
            case "\n":
                return nil
            default:
                j += 1
            }
        }
        return nil
    }

    private static func sign(_ s: [Unicode.Scalar], _ i: Int) -> Int {
        i < s.count && (s[i] == "+" || s[i] == "-") ? i + 1 : i
    }

    /// `[+-]?(digits|0x hexdigits) unit-letters*`
    private static func integer(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        var j = sign(s, i)
        if j + 2 < s.count, s[j] == "0", s[j + 1] == "x", isHexDigit(s[j + 2]) {
            j += 2
            while j < s.count, isHexDigit(s[j]) { j += 1 }
        } else {
            let start = j
            while j < s.count, isDigit(s[j]) { j += 1 }
            if j == start { return nil }
        }
        while j < s.count, ("a"..."z").contains(s[j]) || ("A"..."Z").contains(s[j]) { j += 1 }
        return j
    }

    /// `[+-]? digits* . digits* ([Ee][+-]?digits)?`
    private static func real(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        var j = sign(s, i)
        while j < s.count, isDigit(s[j]) { j += 1 }
        guard j < s.count, s[j] == "." else { return nil }
        j += 1
        while j < s.count, isDigit(s[j]) { j += 1 }
        if j < s.count, s[j] == "e" || s[j] == "E" {
            var k = sign(s, j + 1)
            let digits = k
            while k < s.count, isDigit(s[k]) { k += 1 }
            if k > digits { j = k }
        }
        return j
    }
}
