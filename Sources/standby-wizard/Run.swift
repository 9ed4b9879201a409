import ArgumentParser
import Foundation
import StandbyCore

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Carry out the whole procedure from an answers file, without the screen.",
        discussion: "Prints one line per step and what it did; exits 0 only when the final verification passed (with --role primary: when every step of the primary's part passed)."
    )

    @OptionGroup var procedure: ProcedureOptions

    @Option(name: .long, help: ArgumentHelp("Control PostgreSQL with this instead of what is detected.", valueName: "systemctl|pg_ctlcluster|pg_ctl"))
    var serviceControl: ServiceMethod?

    @OptionGroup var logs: LogOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let walkthrough = try procedure.walkthrough()
        let state = try procedure.state(environment: environment)
        let directory = SessionLogDirectory.transcripts(environment: environment)
        let transcript = try? Transcript(directory: directory)
        let run = UnattendedRun(walkthrough: walkthrough, state: state, hosts: ThisMachine(),
                                transcript: transcript, serviceOverride: serviceControl) { line in
            // Unbuffered: progress must show while a long step runs.
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        var configured = run
        configured.logOverrides = try logs.overrides()
        switch configured.run() {
        case .verified:
            print("standby-wizard: the standby replicates; verification passed")
            if let transcript { print("transcript: \(transcript.path)") }
        case .finished(let role):
            print("standby-wizard: every step of the \(role.rawValue)'s part passed; the standby's part ends with the checks")
            if let transcript { print("transcript: \(transcript.path)") }
        case .stopped(let step, let reason, let diagnoses):
            if let transcript { print("transcript: \(transcript.path)") }
            let why = diagnoses.isEmpty ? "" : " [diagnosis: \(diagnoses.joined(separator: ", "))]"
            throw WizardError("stopped at step \(step): \(reason)\(why)")
        }
    }
}
