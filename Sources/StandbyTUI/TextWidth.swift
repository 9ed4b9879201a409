extension Character {
    /// Columns the character takes on a terminal: 0 for combining marks,
    /// 2 for East Asian wide and emoji, 1 otherwise. A table-free
    /// approximation of wcwidth that behaves the same in tests and on hosts.
    var displayWidth: Int {
        guard let scalar = unicodeScalars.first else { return 0 }
        let v = scalar.value
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }

    /// False for C0/C1 controls and DEL: these must never reach the terminal.
    var isDisplaySafe: Bool {
        unicodeScalars.allSatisfy { s in
            !(s.value < 0x20 || (0x7F...0x9F).contains(s.value))
        }
    }
}

extension StringProtocol {
    var displayWidth: Int {
        // Printable ASCII, nearly every screen text, is one column per
        // byte; walking Characters costs far more and is redone per redraw.
        if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return utf8.count }
        return reduce(0) { $0 + $1.displayWidth }
    }
}

extension String {
    /// Cuts to at most `width` columns, marking the cut with `~` so a
    /// truncated name is never mistaken for the whole one.
    func truncated(to width: Int) -> String {
        guard displayWidth > width else { return self }
        guard width > 1 else { return String(repeating: "~", count: max(0, width)) }
        var out = ""
        var used = 0
        for ch in self {
            if used + ch.displayWidth > width - 1 { break }
            out.append(ch)
            used += ch.displayWidth
        }
        return out + "~"
    }
}
