import StandbyCore

/// What a key does in the wizard, whatever the step: handed to the engine
/// as an event, or kept in the screen (scrolling, help, quitting).
enum AppAction: Equatable, Sendable {
    // Handed to the current step's driver.
    case proceed, confirm, decline, cancel, retry, recheck, undo, keepEdit, replan, nextFile, skipEdit
    /// Opens the one-line entry: the word skip, a new command line, the
    /// override phrase.
    case ask(LiveStepUI.Entry)
    // Kept in the screen.
    case viewOutput, openEditor, toggleLog, backToCause
    case back, quit, help
    case scrollUp, scrollDown, pageUp, pageDown, top, bottom
    case outputPageUp, outputPageDown
    /// A diff sideways; the step list folded or not.
    case shiftLeft, shiftRight, toggleList
    /// Keys typed while a command runs go to it.
    case typeIntoCommand
}

/// Where the operator is, as far as keys go: each has its own table.
enum KeyContext: Equatable, Sendable {
    case info, form
    case commandReady, commandConfirming, commandRunning, commandDone, commandFailed
    /// A check refused the step and names the step that puts it right.
    case commandRefused
    case editProposed, editApplied, editUndo, editNoPlan
    case gate, verifyReady, verifyRunning, verifyPassed, verifyFailed
    case entry, help, confirmQuit
}

/// One row of a table: the keys, how the hint bar names them, and what
/// the help overlay says of them.
struct KeyBinding: Sendable {
    var keys: [Key]
    var label: String
    /// Shown in the hint bar when set.
    var hint: String?
    var help: String
    var action: AppAction

    init(_ keys: [Key], _ label: String, hint: String? = nil, help: String, _ action: AppAction) {
        self.keys = keys
        self.label = label
        self.hint = hint
        self.help = help
        self.action = action
    }
}

/// One table per context. Key handling looks keys up here, and the hint
/// bar and the help overlay are drawn from the same rows, so what a key
/// does and what the screen says it does cannot drift apart.
enum Keymap {
    static func bindings(_ context: KeyContext) -> [KeyBinding] {
        let back = KeyBinding([.escape, .left, .backTab], "Esc", hint: "back", help: "back to the previous step", .back)
        let quit = KeyBinding([.character("q"), .character("Q"), .function(10)], "q", hint: "quit",
                              help: "quit; asks first once a host was changed", .quit)
        let help = KeyBinding([.character("?"), .function(1)], "?", hint: "help", help: "help for this step", .help)
        let scroll = [
            KeyBinding([.up], "Up", help: "scroll up a line", .scrollUp),
            KeyBinding([.down], "Down", help: "scroll down a line", .scrollDown),
            KeyBinding([.pageUp], "PgUp", help: "scroll up a page", .pageUp),
            KeyBinding([.pageDown, .character(" ")], "PgDn", hint: "scroll", help: "scroll down a page", .pageDown),
            KeyBinding([.home], "Home", help: "to the top", .top),
            KeyBinding([.end], "End", help: "to the end", .bottom),
        ]
        // Left moves a diff sideways on edit steps, so back is Esc there.
        let editBack = KeyBinding([.escape, .backTab], "Esc", hint: "back", help: "back to the previous step", .back)
        let sideways = [
            KeyBinding([.right], "Right", help: "move the diff's long lines left, to read their end", .shiftRight),
            KeyBinding([.left], "Left", help: "move the diff's long lines back", .shiftLeft),
        ]
        let fold = KeyBinding([.character("w")], "w", help: "show or fold the step list (folded, the pane is wider)", .toggleList)
        let commandScroll = [
            KeyBinding([.up], "Up", help: "scroll a command too long for the pane", .scrollUp),
            KeyBinding([.down], "Down", help: "scroll a command too long for the pane", .scrollDown),
        ]
        let outputScroll = [
            KeyBinding([.pageUp], "PgUp", hint: "scroll back", help: "scroll the output back", .outputPageUp),
            KeyBinding([.pageDown], "PgDn", help: "scroll the output forward", .outputPageDown),
        ]
        switch context {
        case .info:
            return [KeyBinding([.enter], "Enter", hint: "continue", help: "continue", .proceed), back] + scroll + [help, quit]
        case .form:
            return [
                KeyBinding([.tab, .down], "Tab", hint: "next field", help: "next field or button", .scrollDown),
                KeyBinding([.backTab, .up], "S-Tab", help: "previous field or button", .scrollUp),
                KeyBinding([.enter], "Enter", hint: "continue", help: "next field; submits from the last field or < Continue >", .proceed),
                KeyBinding([.escape], "Esc", hint: "back", help: "back to the previous step (what you typed is kept)", .back),
                KeyBinding([.pageUp], "PgUp", help: "the step's text above the fields", .pageUp),
                KeyBinding([.pageDown], "PgDn", help: "back down to the fields", .pageDown),
                KeyBinding([.function(1)], "F1", hint: "help", help: "help for this step (? types itself in a field)", .help),
                KeyBinding([.function(10)], "F10", hint: "quit", help: "quit", .quit),
            ]
        case .commandReady:
            return [KeyBinding([.enter], "Enter", hint: "run", help: "show the question before it runs", .proceed),
                    KeyBinding([.character("b")], "b", help: "when a check refused the step: back to the step that puts it right", .backToCause),
                    back] + scroll + [fold, help, quit]
        case .commandRefused:
            // Enter would only show the refusal again: b is the way on.
            return [KeyBinding([.character("b")], "b", hint: "back to the fix", help: "back to the step that puts it right, and run it again", .backToCause),
                    KeyBinding([.enter], "Enter", help: "show the refusal again", .proceed),
                    back] + scroll + [fold, help, quit]
        case .commandConfirming:
            return [
                KeyBinding([.character("y"), .character("Y")], "y", hint: "run it", help: "run the command now", .confirm),
                KeyBinding([.character("n"), .character("N")], "n", hint: "not now", help: "do not run it", .decline),
                KeyBinding([.enter], "Enter", help: "run it; on a step that moves data, Enter means no", .proceed),
                KeyBinding([.escape], "Esc", hint: "back", help: "do not run it", .decline),
            ] + commandScroll + [
                KeyBinding([.pageUp], "PgUp", help: "scroll a command too long for the pane a page", .pageUp),
                KeyBinding([.pageDown], "PgDn", help: "scroll a command too long for the pane a page", .pageDown),
                fold, help,
            ]
        case .commandRunning:
            return [KeyBinding([.ctrl("c")], "Ctrl-C", hint: "interrupt", help: "interrupt the command (never the wizard)", .cancel)]
                + outputScroll
                + [help, KeyBinding([], "keys", hint: "go to the command", help: "anything else you type goes to the command", .typeIntoCommand)]
        case .commandDone:
            return [KeyBinding([.enter], "Enter", hint: "continue", help: "continue", .proceed),
                    KeyBinding([.character("r")], "r", help: "run the command again (it asks first)", .retry)]
                + outputScroll + commandScroll + [back, fold, help, quit]
        case .commandFailed:
            return [
                KeyBinding([.character("r")], "r", hint: "retry", help: "run the same command again", .retry),
                KeyBinding([.character("e")], "e", hint: "edit", help: "change the command line, then run it", .ask(.editCommand)),
                KeyBinding([.character("v")], "v", hint: "output", help: "the full output in a pager", .viewOutput),
                KeyBinding([.character("s")], "s", hint: "skip", help: "skip the step (type the word skip; recorded)", .ask(.confirmSkip)),
                KeyBinding([.enter], "Enter", help: "says what the failure offers", .proceed),
            ] + outputScroll + commandScroll + [back, fold, help, quit]
        case .editProposed:
            return [
                KeyBinding([.enter], "Enter", hint: "apply", help: "write the change (backup first)", .proceed),
                KeyBinding([.character("e")], "e", hint: "edit", help: "change the proposal in $EDITOR", .openEditor),
                KeyBinding([.character("s")], "s", hint: "skip", help: "skip the step, nothing written (recorded)", .skipEdit),
                KeyBinding([.tab], "Tab", hint: "next file", help: "the next file's diff", .nextFile),
                KeyBinding([.character("r")], "r", help: "plan again over the files as they are now", .replan),
                editBack,
            ] + scroll + sideways + [fold, help, quit]
        case .editApplied:
            return [
                KeyBinding([.enter], "Enter", hint: "continue", help: "continue", .proceed),
                KeyBinding([.character("u")], "u", hint: "undo", help: "show the diff that puts the backups back", .undo),
                KeyBinding([.tab], "Tab", help: "the next file's diff", .nextFile),
                editBack,
            ] + scroll + sideways + [fold, help, quit]
        case .editUndo:
            return [
                KeyBinding([.enter], "Enter", hint: "undo", help: "put the backups back", .proceed),
                KeyBinding([.escape], "Esc", hint: "keep", help: "keep the edit", .keepEdit),
                KeyBinding([.tab], "Tab", help: "the next file's diff", .nextFile),
            ] + scroll + sideways + [fold, help]
        case .editNoPlan:
            return [
                KeyBinding([.character("r")], "r", hint: "plan again", help: "plan again over the files as they are now", .replan),
                KeyBinding([.character("s")], "s", hint: "skip", help: "skip the step, nothing written (recorded)", .skipEdit),
                editBack,
            ] + scroll + sideways + [fold, help, quit]
        case .gate:
            return [
                KeyBinding([.enter], "Enter", hint: "continue", help: "continue once the log shows the step worked", .proceed),
                KeyBinding([.character("r")], "r", hint: "re-check", help: "read the log again now", .recheck),
                KeyBinding([.character("l")], "l", hint: "log", help: "the whole new part of the log, or back", .toggleLog),
                KeyBinding([.character("b")], "b", hint: "back to cause", help: "go to the step the diagnosis names", .backToCause),
                KeyBinding([.character("o")], "o", hint: "override", help: "continue anyway (type the words; recorded)", .ask(.overrideGate)),
                back,
            ] + scroll + [fold, help, quit]
        case .verifyReady:
            return [KeyBinding([.enter], "Enter", hint: "run checks", help: "run the checks", .proceed), back] + scroll + [fold, help, quit]
        case .verifyRunning:
            return [
                KeyBinding([.escape, .ctrl("c")], "Esc", hint: "cancel", help: "cancel the checks; Enter runs them again", .cancel),
            ] + scroll + [help]
        case .verifyPassed:
            return [
                KeyBinding([.enter], "Enter", hint: "continue", help: "continue", .proceed),
                KeyBinding([.character("r")], "r", hint: "run again", help: "run the checks again", .retry),
                back,
            ] + scroll + [fold, help, quit]
        case .verifyFailed:
            return [
                KeyBinding([.enter, .character("r")], "r", hint: "run again", help: "run the checks again (Enter too)", .retry),
                back,
            ] + scroll + [fold, help, quit]
        case .entry:
            return [KeyBinding([.enter], "Enter", hint: "confirm", help: "take what you typed", .proceed),
                    KeyBinding([.escape], "Esc", hint: "cancel", help: "close without taking it", .cancel)]
        case .help:
            return [KeyBinding([.pageDown, .character(" ")], "PgDn", hint: "scroll", help: "scroll the help", .pageDown),
                    KeyBinding([], "any other key", hint: "close help", help: "close the help", .back)]
        case .confirmQuit:
            return [KeyBinding([.character("y"), .character("Y")], "y", hint: "quit", help: "quit", .confirm),
                    KeyBinding([.character("n"), .character("N"), .escape], "n", hint: "stay", help: "stay", .decline),
                    KeyBinding([.tab, .left, .right, .backTab], "Tab", hint: "switch", help: "switch the buttons", .nextFile)]
        }
    }

    static func action(for key: Key, in context: KeyContext) -> AppAction? {
        bindings(context).first { $0.keys.contains(key) }?.action
    }

    /// Keys every context shares, for the help overlay.
    static let everywhere = [
        "Ctrl-L       redraw the screen",
        "F1, ?        this help",
    ]
}
