/// Input as the wizard understands it, whatever terminal it came from.
public enum Key: Sendable, Equatable {
    case character(Character)
    case enter, escape, tab, backTab
    case up, down, left, right
    case pageUp, pageDown, home, end
    case backspace, delete
    case function(Int)
    /// Ctrl plus a letter, lower case: ctrl("l") is Ctrl-L.
    case ctrl(Character)
    case resize(TerminalSize)
    /// SIGINT, SIGTERM or SIGHUP reached the wizard.
    case signal(Int32)
}
