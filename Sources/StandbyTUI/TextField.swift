/// An editable line of text with a cursor, counted in characters.
struct TextField: Equatable {
    var text: String
    var cursor: Int
    /// Set on the first edit; a field shows its error only once touched,
    /// so an empty form does not open full of complaints.
    var touched = false

    init(_ text: String) {
        self.text = text
        cursor = text.count
    }

    /// Returns true when the key was an editing key and was used.
    mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let ch):
            guard ch.isDisplaySafe else { return false }
            let index = text.index(text.startIndex, offsetBy: cursor)
            text.insert(ch, at: index)
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return true }
            let index = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: index)
            cursor -= 1
        case .delete, .ctrl("d"):
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left:
            cursor = max(0, cursor - 1)
            return true
        case .right:
            cursor = min(text.count, cursor + 1)
            return true
        case .home, .ctrl("a"):
            cursor = 0
            return true
        case .end, .ctrl("e"):
            cursor = text.count
            return true
        case .ctrl("u"):
            text = ""
            cursor = 0
        default:
            return false
        }
        touched = true
        return true
    }

    /// The slice that fits `width` columns, scrolled so the cursor shows,
    /// and the cursor's column within it.
    func visible(width: Int, masked: Bool) -> (text: String, cursorColumn: Int) {
        let shown = masked ? String(repeating: "*", count: text.count) : text
        let chars = Array(shown)
        var start = 0
        func columns(_ from: Int, _ to: Int) -> Int { chars[from..<to].reduce(0) { $0 + $1.displayWidth } }
        while start < cursor, columns(start, cursor) >= width { start += 1 }
        var slice = ""
        var used = 0
        for ch in chars[start...] {
            if used + ch.displayWidth > width { break }
            slice.append(ch)
            used += ch.displayWidth
        }
        return (slice, columns(start, cursor))
    }
}
