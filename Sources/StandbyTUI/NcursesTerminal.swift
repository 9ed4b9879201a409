import CNcursesShim
import Foundation
import StandbyCore

/// Terminal options decided once at start-up, like htop's capability tables.
public struct TerminalOptions: Sendable {
    public var color: Bool
    public var asciiLines: Bool
    public init(color: Bool, asciiLines: Bool) {
        self.color = color
        self.asciiLines = asciiLines
    }

    /// NO_COLOR set to anything non-empty turns colour off (no-color.org).
    public static func colorWanted(environment: [String: String], noColorFlag: Bool) -> Bool {
        !noColorFlag && (environment["NO_COLOR"] ?? "").isEmpty
    }
}

public enum TerminalError: Error, CustomStringConvertible {
    case notATerminal
    case unusableTerm(String)

    public var description: String {
        switch self {
        case .notATerminal:
            "the interactive wizard needs a terminal on standard input and output"
        case .unusableTerm(let term):
            "cannot drive terminal type \"\(term)\": set TERM to your terminal (linux, xterm-256color, screen, tmux-256color, vt100)"
        }
    }
}

/// The ncurses backend. Owns curses for its lifetime; all calls happen on
/// the thread that created it, as ncurses requires.
public final class NcursesTerminal: Screen {
    private var options: TerminalOptions
    private var colorOn = false
    private var screenPointer: OpaquePointer?
    /// How long a read waits for a key: short while a command streams.
    public var pollMilliseconds: Int32 = 200 {
        didSet { if pollMilliseconds != oldValue { timeout(pollMilliseconds) } }
    }

    public init(options: TerminalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        let term = environment["TERM"] ?? ""
        guard !term.isEmpty, term != "dumb" else { throw TerminalError.unusableTerm(term) }
        self.options = options
        // The character set is all curses needs from the locale: wide
        // characters and their widths. The other categories cost a dozen
        // file lookups before the first frame, and would only turn the
        // C library's messages and number formats away from the English
        // the rest of the screen is in.
        setlocale(LC_CTYPE, "")
        // Unicode lines only where the locale is UTF-8; rescue shells and
        // serial consoles often run in the C locale.
        if sw_codeset_is_utf8() == 0 { self.options.asciiLines = true }
        // Our handlers go in before curses so ncurses leaves SIGINT/SIGTERM
        // to us (it only takes signals still at their default).
        sw_install_quit_signals()
        sw_save_terminal_state(STDOUT_FILENO)
        sw_install_crash_guard()
        sw_set_crash_cleanup(TemporaryPasswordFiles.removeNow)
        // newterm, unlike initscr, returns nil on an unknown TERM instead of
        // exiting the process.
        guard let screen = sw_newterm_stdio() else { throw TerminalError.unusableTerm(term) }
        screenPointer = screen
        cbreak()
        noecho()
        nonl()
        keypad(sw_stdscr(), true)
        set_escdelay(25)
        timeout(200)
        curs_set(0)
        if options.color && has_colors() {
            start_color()
            use_default_colors()
            colorOn = true
            setUpPairs()
        }
    }

    deinit { close() }

    /// Gives the terminal back. Safe to call twice.
    public func close() {
        guard let screen = screenPointer else { return }
        screenPointer = nil
        curs_set(1)
        endwin()
        delscreen(screen)
    }

    /// Gives the terminal to another program (a pager) and takes it back.
    public func runExternal(_ argv: [String]) {
        def_prog_mode()
        endwin()
        _ = try? Subprocess.runAttached(argv)
        reset_prog_mode()
        refresh()
    }

    public var size: TerminalSize { TerminalSize(width: Int(sw_cols()), height: Int(sw_lines())) }

    // MARK: - Drawing

    private func setUpPairs() {
        for style in Style.allCases {
            if let colors = Self.colorPair(style) { init_pair(colors.pair, Int16(colors.fg), Int16(colors.bg)) }
        }
    }

    /// Each coloured style's pair number and colours (-1: the terminal's
    /// own background). A switch rather than a table: it is asked once per
    /// drawn cell, and a dictionary's first use costs before the first frame.
    private static func colorPair(_ style: Style) -> (pair: Int16, fg: Int32, bg: Int32)? {
        switch style {
        case .header: (1, COLOR_BLACK, COLOR_CYAN)
        case .stepCurrent: (2, COLOR_BLACK, COLOR_WHITE)
        case .title: (3, COLOR_WHITE, -1)
        case .badge: (4, COLOR_YELLOW, -1)
        case .dim: (5, COLOR_CYAN, -1)
        case .inputFocus: (6, COLOR_BLACK, COLOR_CYAN)
        case .input: (7, COLOR_WHITE, COLOR_BLUE)
        case .error: (8, COLOR_RED, -1)
        case .ok: (9, COLOR_GREEN, -1)
        case .warning: (10, COLOR_YELLOW, -1)
        case .buttonFocus: (11, COLOR_BLACK, COLOR_CYAN)
        case .hintKey: (12, COLOR_BLACK, COLOR_CYAN)
        case .code: (13, COLOR_GREEN, -1)
        case .border: (14, COLOR_CYAN, -1)
        case .diffAdded: (15, COLOR_GREEN, -1)
        case .diffRemoved: (16, COLOR_RED, -1)
        case .diffHunk: (17, COLOR_CYAN, -1)
        case .normal, .stepDone, .stepSkipped, .label, .button, .hint: nil
        }
    }

    /// Monochrome keeps meaning with reverse video and bold only; TERM=linux
    /// cannot mix underline or dim with colour, so neither is used.
    private func attributes(for style: Style) -> (attrs: UInt32, pair: Int16) {
        let bold = sw_attr_bold(), reverse = sw_attr_reverse()
        if colorOn {
            let pair = Self.colorPair(style)?.pair ?? 0
            switch style {
            case .title, .badge, .error, .hintKey: return (bold, pair)
            default: return (0, pair)
            }
        }
        switch style {
        case .header, .stepCurrent, .inputFocus, .buttonFocus, .diffRemoved: return (reverse, 0)
        case .title, .badge, .error, .hintKey, .warning, .diffAdded: return (bold, 0)
        default: return (0, 0)
        }
    }

    private func lineCharacter(_ glyph: LineGlyph) -> chtype {
        if options.asciiLines {
            let ch: Character = GlyphSet.ascii.character(for: glyph)
            return chtype(ch.asciiValue ?? 43)
        }
        switch glyph {
        case .horizontal: return sw_acs_hline()
        case .vertical: return sw_acs_vline()
        case .topLeft: return sw_acs_ulcorner()
        case .topRight: return sw_acs_urcorner()
        case .bottomLeft: return sw_acs_llcorner()
        case .bottomRight: return sw_acs_lrcorner()
        case .teeDown: return sw_acs_ttee()
        case .teeUp: return sw_acs_btee()
        case .teeRight: return sw_acs_ltee()
        case .teeLeft: return sw_acs_rtee()
        }
    }

    public func show(_ frame: Frame) {
        erase()
        let utf8 = sw_codeset_is_utf8() != 0
        for row in 0..<frame.size.height {
            for col in 0..<frame.size.width {
                let cell = frame[row, col]
                let (attrs, pair) = attributes(for: cell.style)
                switch cell.content {
                case .continuation:
                    continue
                case .line(let glyph):
                    _ = mvaddch(Int32(row), Int32(col), lineCharacter(glyph) | chtype(attrs) | chtype(COLOR_PAIR(Int32(pair))))
                case .text(let character):
                    var scalar = character.unicodeScalars.first ?? " "
                    // Outside UTF-8 locales ncurses cannot show non-ASCII text.
                    if !utf8 && !scalar.isASCII { scalar = "?" }
                    _ = sw_add_wchar(Int32(row), Int32(col), wchar_t(scalar.value), attrs, pair)
                }
            }
        }
        if let cursor = frame.cursor {
            curs_set(1)
            move(Int32(cursor.row), Int32(cursor.col))
        } else {
            curs_set(0)
        }
        refresh()
    }

    // MARK: - Input

    /// The next key, or nil when nothing arrived within the poll interval.
    public func readKey() -> Key? {
        let sig = sw_take_quit_signal()
        if sig != 0 { return .signal(sig) }
        var wide: wint_t = 0
        let result = sw_get_wch(&wide)
        if result == ERR {
            let late = sw_take_quit_signal()
            return late != 0 ? .signal(late) : nil
        }
        let code = Int32(bitPattern: wide)
        if result == KEY_CODE_YES { return functionKey(code) }
        return characterKey(code)
    }

    private func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_RESIZE: return .resize(size)
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        default:
            let f0 = sw_key_f(0)
            if code > f0 && code <= f0 + 12 { return .function(Int(code - f0)) }
            return nil
        }
    }

    private func characterKey(_ code: Int32) -> Key? {
        switch code {
        case 10, 13: return .enter
        case 9: return .tab
        case 8, 127: return .backspace
        case 27:
            // The Linux console sends Alt-Tab / Shift-Tab as ESC Tab.
            timeout(0)
            defer { timeout(pollMilliseconds) }
            var next: wint_t = 0
            let result = sw_get_wch(&next)
            if result == OK && next == 9 { return .backTab }
            if result != ERR { unget_wch(wchar_t(next)) }
            return .escape
        case 1...26:
            return .ctrl(Character(Unicode.Scalar(UInt8(code) + 96)))
        default:
            guard let scalar = Unicode.Scalar(UInt32(bitPattern: code)) else { return nil }
            return .character(Character(scalar))
        }
    }
}
