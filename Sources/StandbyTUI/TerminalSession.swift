import CNcursesShim
import Foundation

/// Runs the wizard on the real terminal until it quits, and always gives
/// the terminal back in the state it was found.
public enum TerminalSession {
    public static func run(_ app: inout WizardApp, options: TerminalOptions,
                           environment: [String: String] = ProcessInfo.processInfo.environment) throws -> QuitReason {
        var log = SessionLog(environment: environment)
        let terminal = try NcursesTerminal(options: options, environment: environment)
        log?.begin()
        defer {
            terminal.close()
            log?.end()
        }
        app.size = terminal.size
        app.performPending()
        // A hidden switch for the crash test (tmux and .dev/release-check):
        // a real fault once the first screen is up, in any build.
        let crashForTest = environment["STANDBY_WIZARD_CRASH_TEST"] == "1"
        var dirty = true
        while true {
            if dirty {
                terminal.show(WizardView.render(app))
                app.frameShown()
            }
            if crashForTest { sw_crash_for_test() }
            terminal.pollMilliseconds = app.pollMilliseconds
            let key = terminal.readKey()
            dirty = app.tick()
            guard let key else { continue }
            dirty = true
            let outcome = app.handle(key)
            // What the key asked hosts to do happens here, outside key
            // handling; long work goes on between keys.
            app.performPending()
            switch outcome {
            case .quit(let reason): return reason
            case .external(let argv):
                terminal.runExternal(argv)
                app.externalFinished()
                app.performPending()
            case .running: break
            }
        }
    }
}
