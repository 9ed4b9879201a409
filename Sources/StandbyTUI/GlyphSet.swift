/// How box lines look in text: ASCII for the C locale, serial consoles and
/// golden files that must read the same everywhere; Unicode for UTF-8.
public enum GlyphSet: String, Sendable {
    case ascii
    case unicode

    public func character(for glyph: LineGlyph) -> Character {
        switch (self, glyph) {
        case (.ascii, .horizontal): "-"
        case (.ascii, .vertical): "|"
        case (.ascii, _): "+"
        case (.unicode, .horizontal): "\u{2500}"
        case (.unicode, .vertical): "\u{2502}"
        case (.unicode, .topLeft): "\u{250C}"
        case (.unicode, .topRight): "\u{2510}"
        case (.unicode, .bottomLeft): "\u{2514}"
        case (.unicode, .bottomRight): "\u{2518}"
        case (.unicode, .teeDown): "\u{252C}"
        case (.unicode, .teeUp): "\u{2534}"
        case (.unicode, .teeRight): "\u{251C}"
        case (.unicode, .teeLeft): "\u{2524}"
        }
    }
}
