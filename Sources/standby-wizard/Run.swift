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

    @OptionGroup var journalOptions: JournalOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let walkthrough = try procedure.walkthrough()
        let given = try procedure.state(environment: environment).withFormDefaults().state
        let (start, journal) = try journalOptions.begin(given, walkthrough: walkthrough, answersFile: procedure.answers,
                                                        environment: environment)
        for line in start.lines { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        if start.resumed, start.state.answers.password == nil {
            throw WizardError("the password is never kept in the journal: give it again in the answers file, REP_USER_PW or REP_USER_PW_FILE")
        }
        let state = start.state
        let directory = SessionLogDirectory.transcripts(environment: environment)
        let transcript = try? Transcript(directory: directory)
        let hosts = try Hosts.connect(state.answers, role: state.role)
        defer { hosts.close() }
        for line in Hosts.describe(hosts) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        let run = UnattendedRun(walkthrough: walkthrough, state: state, hosts: hosts,
                                transcript: transcript, serviceOverride: serviceControl) { line in
            // Unbuffered: progress must show while a long step runs.
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        var configured = run
        configured.logOverrides = try logs.overrides()
        let executor = configured.makeExecutor()
        executor.journal = journal
        let exercise = ExerciseSession(answersFile: procedure.answers)
        executor.trail = exercise?.trail
        let outcome = configured.run(executor: executor).outcome
        if let exercise {
            let (how, step): (String, String?) = switch outcome {
            case .verified: ("verified", nil)
            case .finished: ("finished", nil)
            case .stopped(let step, _, _): ("stopped", step)
            }
            for line in exercise.finish(how, at: step, walkthrough: walkthrough) { print(line) }
        }
        switch outcome {
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
