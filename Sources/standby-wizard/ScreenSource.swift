import ArgumentParser
import StandbyCore

/// Where the steps come from: a directory given on the command line, or the
/// copy built into the binary (an operator copies one file to a server).
enum ScreenSource {
    static func walkthrough(directory: String?) throws -> Walkthrough {
        // The built-in steps were checked when they were compiled in.
        guard let directory else { return .builtIn }
        let loaded = ScreenLoader.load(directory: directory)
        if !loaded.problems.isEmpty {
            let report = loaded.problems.map(\.description).joined(separator: "\n")
            throw WizardError("the steps have problems:\n\(report)")
        }
        guard !loaded.screens.isEmpty else { throw WizardError("no steps found") }
        return Walkthrough(screens: loaded.screens)
    }
}
