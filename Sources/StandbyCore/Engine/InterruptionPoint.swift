import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the tests that kill the wizard at every step stop it, so that the
/// kill lands while the step is under way, not a little before or after:
/// with STANDBY_WIZARD_STOP_AT=STEP:FILE in the environment, the wizard
/// writes its PID to FILE and stops itself (SIGSTOP) right after it
/// started or changed something for STEP (its command started, its edit
/// written, its log watch or checks begun), before the journal knows.
/// Present in every build, like the crash test: a stopped process only
/// waits to be continued or killed.
enum InterruptionPoint {
    static let variable = "STANDBY_WIZARD_STOP_AT"

    private static let target: (step: String, pidFile: String)? = {
        guard let value = ProcessInfo.processInfo.environment[variable],
              let colon = value.firstIndex(of: ":") else { return nil }
        return (String(value[..<colon]), String(value[value.index(after: colon)...]))
    }()

    /// The step an effect starts or changes something for, if it does.
    private static func step(of effect: StepEffect) -> String? {
        switch effect {
        case .startCommand(let id, _, _), .applyEdit(let id, _), .setUpGate(let id), .startChecks(let id, _): id
        default: nil
        }
    }

    static func reached(after effect: StepEffect) {
        guard let target, let id = step(of: effect), id == target.step else { return }
        try? "\(getpid())\n".write(toFile: target.pidFile, atomically: true, encoding: .utf8)
        raise(SIGSTOP)
    }
}
