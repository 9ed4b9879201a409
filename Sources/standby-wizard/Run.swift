import ArgumentParser
import Foundation
import StandbyCore

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Carry out the whole procedure from an answers file, without the screen.",
        discussion: "Prints one line per step and what it did; exits 0 only when the final verification passed."
    )

    @Option(name: .long, help: ArgumentHelp("The YAML answers file.", valueName: "FILE"))
    var answers: String

    @Option(name: .long, help: ArgumentHelp("Read the steps from this directory instead of the built-in ones.", valueName: "DIR"))
    var screens: String?

    @Option(name: .long, help: ArgumentHelp("full, rebuild or lab.", valueName: "MODE"))
    var mode: WizardMode = .full

    @Option(name: .long, help: ArgumentHelp("Run only this host's steps (and the shared ones).", valueName: "primary|secondary"))
    var role: HostRole?

    @Option(name: .long, help: ArgumentHelp("Control PostgreSQL with this instead of what is detected.", valueName: "systemctl|pg_ctlcluster|pg_ctl"))
    var serviceControl: ServiceMethod?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let walkthrough = try ScreenSource.walkthrough(directory: screens)
        let loaded: Answers
        do {
            loaded = try AnswersFile.load(path: answers, environment: environment)
        } catch let error as AnswersFileError {
            throw WizardError(error.description)
        }
        let directory = SessionLogDirectory.transcripts(environment: environment)
        let transcript = try? Transcript(directory: directory)
        let run = UnattendedRun(walkthrough: walkthrough, state: WalkthroughState(mode: mode, answers: loaded, role: role),
                                transcript: transcript, serviceOverride: serviceControl) { line in
            // Unbuffered: progress must show while a long step runs.
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        switch run.run() {
        case .verified:
            print("standby-wizard: the standby replicates; verification passed")
            if let transcript { print("transcript: \(transcript.path)") }
        case .stopped(let step, let reason):
            if let transcript { print("transcript: \(transcript.path)") }
            throw WizardError("stopped at step \(step): \(reason)")
        }
    }
}
