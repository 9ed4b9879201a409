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
        // The same scan as `pieces`, on the bytes, keeping only the names:
        // every screen's texts are checked before the first frame, and
        // building their literal runs scalar by scalar cost milliseconds.
        // A name is ASCII, so a byte that starts one never sits inside a
        // multi-byte character.
        var names: [String] = []
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                guard bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count else {
                    index += 1
                    continue
                }
                let next = bytes[index + 1]
                if next == UInt8(ascii: "$") {
                    index += 2
                } else if isNameStart(next) {
                    var end = index + 2
                    while end < bytes.count, isNameContinuation(bytes[end]) { end += 1 }
                    let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end]), as: UTF8.self)
                    if !names.contains(name) { names.append(name) }
                    index = end
                } else {
                    index += 1
                }
            }
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

    private static func isNameStart(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
    }

    private static func isNameContinuation(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }
}
