/// Reads settings out of postgresql.conf text the way the server does for
/// the cases a log gate cares about: `name = value` or `name value`,
/// single quotes with '' or \' inside, `#` comments, the last line wins.
/// include directives are not followed; pass the files in the order the
/// server reads them (postgresql.conf, included files, postgresql.auto.conf).
public enum ConfigText {
    public static func value(of name: String, in texts: [String]) -> String? {
        var found: String?
        for text in texts {
            for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
                if let (key, value) = parse(line), key.lowercased() == name.lowercased() { found = value }
            }
        }
        return found
    }

    static func parse(_ line: Substring) -> (String, String)? {
        var rest = line.drop { $0 == " " || $0 == "\t" }
        let key = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        guard !key.isEmpty else { return nil }
        rest = rest.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
        if rest.first == "=" { rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" } }
        if rest.first == "'" {
            var value = ""
            var index = rest.index(after: rest.startIndex)
            while index < rest.endIndex {
                let character = rest[index]
                let next = rest.index(after: index)
                if character == "'" {
                    guard next < rest.endIndex, rest[next] == "'" else { return (String(key), value) }
                    value.append("'")
                    index = rest.index(after: next)
                } else if character == "\\", next < rest.endIndex {
                    value.append(rest[next])
                    index = rest.index(after: next)
                } else {
                    value.append(character)
                    index = next
                }
            }
            return nil
        }
        let bare = rest.prefix { $0 != "#" && $0 != " " && $0 != "\t" }
        return bare.isEmpty ? nil : (String(key), String(bare))
    }
}
