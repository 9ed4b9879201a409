/// libpq connection strings (`host=... port=... user=...`), as
/// primary_conninfo holds them.
///
/// A value with a space, a quote or a backslash, or an empty one, is
/// written in single quotes with `\'` and `\\` inside; libpq reads
/// backslash escapes in bare values too, so a bare value never holds one.
/// Forgetting the backslash case is how a password with `\` in it broke
/// standbys built by other tools.
public enum Conninfo {
    public typealias Pair = (key: String, value: String)

    public static func quote(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.unicodeScalars.contains {
            $0 == "'" || $0 == "\\" || $0.properties.isWhitespace
        }
        guard needsQuotes else { return value }
        var out = "'"
        for scalar in value.unicodeScalars {
            if scalar == "'" || scalar == "\\" { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out + "'"
    }

    public static func render(_ pairs: [Pair]) -> String {
        pairs.map { "\($0.key)=\(quote($0.value))" }.joined(separator: " ")
    }

    /// Reads a connection string as libpq's conninfo_parse does; nil when
    /// it is malformed (a key without `=`, an unterminated quote).
    public static func parse(_ text: String) -> [Pair]? {
        let s = Array(text.unicodeScalars)
        var pairs: [Pair] = []
        var i = 0
        func skipSpace() { while i < s.count, s[i].properties.isWhitespace { i += 1 } }
        while true {
            skipSpace()
            guard i < s.count else { return pairs }
            var key = String.UnicodeScalarView()
            while i < s.count, s[i] != "=", !s[i].properties.isWhitespace {
                key.append(s[i])
                i += 1
            }
            skipSpace()
            guard i < s.count, s[i] == "=", !key.isEmpty else { return nil }
            i += 1
            skipSpace()
            var value = String.UnicodeScalarView()
            if i < s.count, s[i] == "'" {
                i += 1
                var closed = false
                while i < s.count {
                    if s[i] == "\\", i + 1 < s.count {
                        value.append(s[i + 1])
                        i += 2
                    } else if s[i] == "'" {
                        i += 1
                        closed = true
                        break
                    } else {
                        value.append(s[i])
                        i += 1
                    }
                }
                guard closed else { return nil }
            } else {
                while i < s.count, !s[i].properties.isWhitespace {
                    if s[i] == "\\", i + 1 < s.count { i += 1 }
                    value.append(s[i])
                    i += 1
                }
            }
            pairs.append((String(key), String(value)))
        }
    }

    /// Same keys with the same values, in any order; a later duplicate key
    /// wins as in libpq.
    static func sameSettings(_ a: [Pair], _ b: [Pair]) -> Bool {
        func table(_ pairs: [Pair]) -> [String: String] {
            var out: [String: String] = [:]
            for pair in pairs { out[pair.key] = pair.value }
            return out
        }
        return table(a) == table(b)
    }

    /// A screen's `key=$VAR key=$VAR` template as pairs, each value
    /// substituted on its own so that no answer can add or split a key.
    /// nil when a piece is not `key=value`.
    public static func pairs(fromTemplate template: String, values: [String: String]) -> [Pair]? {
        var pairs: [Pair] = []
        for piece in template.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            guard let equals = piece.firstIndex(of: "="), equals != piece.startIndex else { return nil }
            let key = String(piece[..<equals])
            let value = Template.substitute(String(piece[piece.index(after: equals)...]), values: values)
            pairs.append((key, value))
        }
        return pairs
    }
}
