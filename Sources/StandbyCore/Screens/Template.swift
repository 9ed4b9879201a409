/// `$VARIABLE` substitution in screen texts, commands and settings.
///
/// A reference is `$` followed by the longest run of `[A-Z][A-Z0-9_]*`.
/// Anything else after a `$` (`$1`, `$dest`, `$(date)`) is shell or SQL
/// syntax and passes through untouched, so screens can hold ordinary shell.
public enum Template {
    /// The fixed mask. Its length never follows the secret's, so a glance at
    /// the screen or a transcript does not even tell how long it is.
    public static let mask = "********"

    /// Replaces each `$NAME` with its value. Names in `masked` are replaced by
    /// a row of asterisks instead (the password), whether or not a value was
    /// passed, so a display never depends on the caller leaving it out.
    /// `$$` is a literal `$`. References without a value are left as written.
    public static func substitute(_ text: String, values: [String: String], masked: Set<String> = []) -> String {
        var out = ""
        for piece in pieces(of: text) {
            switch piece {
            case .literal(let literal):
                out += literal
            case .reference(let name):
                if masked.contains(name) {
                    out += mask
                } else {
                    out += values[name] ?? "$" + name
                }
            }
        }
        return out
    }

    /// The names `text` refers to, each once, in order of first appearance.
    /// `$$` is an escaped dollar, not a reference.
    public static func references(in text: String) -> [String] {
        var seen = Set<String>()
        var names: [String] = []
        for case .reference(let name) in pieces(of: text) where seen.insert(name).inserted {
            names.append(name)
        }
        return names
    }

    enum Piece: Equatable {
        case literal(String)
        case reference(String)
    }

    /// Splits `text` into literal runs and references; one scanner serves
    /// both substitution and validation so they cannot disagree.
    static func pieces(of text: String) -> [Piece] {
        let scalars = Array(text.unicodeScalars)
        var pieces: [Piece] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        func flush() {
            if !literal.isEmpty {
                pieces.append(.literal(String(literal)))
                literal = String.UnicodeScalarView()
            }
        }
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "$", index + 1 < scalars.count else {
                literal.append(scalar)
                index += 1
                continue
            }
            let next = scalars[index + 1]
            if next == "$" {
                literal.append("$")
                index += 2
            } else if isNameStart(next) {
                var end = index + 2
                while end < scalars.count, isNameContinuation(scalars[end]) { end += 1 }
                flush()
                var name = String.UnicodeScalarView()
                name.append(contentsOf: scalars[(index + 1)..<end])
                pieces.append(.reference(String(name)))
                index = end
            } else {
                literal.append(scalar)
                index += 1
            }
        }
        flush()
        return pieces
    }

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar)
    }

    private static func isNameContinuation(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }
}
