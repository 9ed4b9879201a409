/// Values in postgresql.conf (and recovery.conf, postgresql.auto.conf),
/// written and read as the server does.
///
/// A quoted value keeps a single quote by doubling it and a backslash by
/// doubling it too: the server reads backslash escapes (`\n`, `\t`, octal)
/// inside quotes, so a lone backslash in an archive path would be eaten.
public enum ConfValue {
    /// Parameters whose values are text to the server. They are always
    /// written quoted, as postgresql.conf.sample shows them, even when the
    /// text would scan as a bare word.
    static let textParameters: Set<String> = [
        "listen_addresses", "archive_command", "restore_command", "archive_cleanup_command",
        "recovery_end_command", "primary_conninfo", "primary_slot_name", "trigger_file",
        "promote_trigger_file", "data_directory", "hba_file", "ident_file", "synchronous_standby_names",
        "log_line_prefix", "log_directory", "unix_socket_directories", "archive_library",
        "recovery_target_timeline",
    ]

    /// `'text'` with quotes and backslashes doubled. Newline and carriage
    /// return cannot appear raw inside a quoted value, so they are escaped.
    public static func quoted(_ value: String) -> String {
        var out = "'"
        for scalar in value.unicodeScalars {
            switch scalar {
            case "'": out += "''"
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }

    /// The text to write after `name = `: bare for a word or a number
    /// (`replica`, `on`, `64`, `1GB`), quoted for anything else and always
    /// for text parameters.
    public static func literal(_ value: String, for name: String) -> String {
        if textParameters.contains(name.lowercased()) { return quoted(value) }
        let scan = ConfLexer.tokenize(value)
        if scan.commentStart == nil, scan.tokens.count == 1, let token = scan.tokens.first,
           token.range == 0..<value.unicodeScalars.count,
           [.identifier, .integer, .real].contains(token.kind) {
            return value
        }
        return quoted(value)
    }

    /// The value a token stands for: quoted strings lose their quotes and
    /// escapes, everything else is taken as written.
    static func value(of token: ConfLexer.Token) -> String {
        token.kind == .string ? unquoted(token.text) : token.text
    }

    /// Undoes `quoted`, following the server's escape rules: `\b \f \n \r
    /// \t`, up to three octal digits, and any other escaped character as
    /// itself; `''` is one quote. `text` includes the surrounding quotes.
    public static func unquoted(_ text: String) -> String {
        var s = Array(text.unicodeScalars)
        if s.first == "'" { s.removeFirst() }
        if s.last == "'" { s.removeLast() }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "\\", i + 1 < s.count {
                i += 1
                switch s[i] {
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "0"..."7":
                    var code: UInt32 = 0
                    var digits = 0
                    while digits < 3, i < s.count, ("0"..."7").contains(s[i]) {
                        code = code * 8 + (s[i].value - 48)
                        i += 1
                        digits += 1
                    }
                    // The server stores the byte; above 0x7F that is half a
                    // character we cannot show, so keep the escape as text.
                    if code > 0 && code < 0x80, let scalar = Unicode.Scalar(code) {
                        out.append(scalar)
                    } else {
                        out.append(contentsOf: s[(i - digits - 1)..<i])
                    }
                    continue
                default: out.append(s[i])
                }
                i += 1
            } else if c == "'", i + 1 < s.count, s[i + 1] == "'" {
                out.append("'")
                i += 2
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(out)
    }
}
