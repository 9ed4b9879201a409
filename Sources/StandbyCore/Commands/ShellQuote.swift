import Foundation

/// Quoting for values placed into /bin/sh command lines. Screens write
/// `$VARIABLE` bare; the value arrives as exactly one word whatever it holds
/// (spaces, quotes, `$`, globs), and plain values stay readable.
public enum ShellQuote {
    public static func quote(_ value: String) -> String {
        if !value.isEmpty, value.unicodeScalars.allSatisfy(isPlain) { return value }
        return "'" + value.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// An argument vector as a line that /bin/sh would split back into it.
    public static func line(_ argv: [String]) -> String {
        argv.map(quote).joined(separator: " ")
    }

    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        case "_", "@", "%", "+", "=", ":", ",", ".", "/", "-": true
        default: false
        }
    }
}
