import CNcursesShim
import Foundation

/// Runs the wizard on the real terminal until it quits, and always gives
/// the terminal back in the state it was found.
public enum TerminalSession {
    public static func run(_ app: inout WizardApp, options: TerminalOptions,
                           environment: [String: String] = ProcessInfo.processInfo.environment) throws -> QuitReason {
        var log = SessionLog(environment: environment)
        let terminal = try NcursesTerminal(options: options)
        log?.begin()
        defer {
            terminal.close()
            log?.end()
        }
        app.size = terminal.size
        while true {
            terminal.show(WizardView.render(app))
            guard let key = terminal.readKey() else { continue }
            if case .quit(let reason) = app.handle(key) { return reason }
        }
    }
}
