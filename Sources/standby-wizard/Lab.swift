import ArgumentParser
import Foundation
import StandbyCore

struct Lab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "A safe training lab: two throwaway clusters on this machine.",
        discussion: """
        `lab` makes the clusters (if needed) and opens the walkthrough against them. \
        `lab up` only makes them and prints the answers file's path as its last line; \
        `lab down` removes them and everything the lab made, and nothing else. `lab up` \
        refuses a state directory that already holds files. Existing clusters, such as \
        main on 5432, are never touched. For trainers, `--exercise NAME` puts one fault into \
        a new lab for the trainee to find through the wizard's checks; `--list-exercises` \
        names them.
        """,
        subcommands: [LabOpen.self, LabUp.self, LabDown.self],
        defaultSubcommand: LabOpen.self
    )
}

struct LabOptions: ParsableArguments {
    func validate() throws {
        guard namePrefix.range(of: "^[a-z][a-z0-9]{0,20}$", options: .regularExpression) != nil else {
            throw ValidationError("--name-prefix must be lower-case letters and digits, starting with a letter")
        }
    }

    @Option(name: .long, help: ArgumentHelp("Where the lab keeps its files.", valueName: "DIR"))
    var stateDir: String?

    @Option(name: .long, help: ArgumentHelp("Name the clusters PREFIX-primary and PREFIX-standby, to keep several labs apart.", valueName: "PREFIX"))
    var namePrefix: String = TrainingLab.defaultPrefix

    var lab: TrainingLab {
        let environment = ProcessInfo.processInfo.environment
        let isRoot = getuid() == 0
        let dir = stateDir ?? (isRoot ? "/var/lib/standby-wizard/lab"
                                      : (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state/standby-wizard/lab")
        return TrainingLab(stateDirectory: dir, isRoot: isRoot, namePrefix: namePrefix)
    }
}

extension LabExercise: ExpressibleByArgument {}

struct ExerciseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Put one fault into the new lab for a trainee to find.", valueName: "NAME"))
    var exercise: LabExercise?

    @Flag(name: .long, help: "List the exercises with what each breaks, and exit.")
    var listExercises = false

    /// True when it listed them and the command has nothing else to do.
    func listIfAsked() -> Bool {
        guard listExercises else { return false }
        let width = LabExercise.allCases.map(\.rawValue.count).max() ?? 0
        for exercise in LabExercise.allCases {
            print(exercise.rawValue.padding(toLength: width + 2, withPad: " ", startingAt: 0) + exercise.summary)
        }
        return true
    }
}

struct LabUp: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "up", abstract: "Make the lab's two clusters and its answers file.")
    @OptionGroup var options: LabOptions
    @OptionGroup var exercises: ExerciseOptions

    func run() throws {
        if exercises.listIfAsked() { return }
        let state: LabState
        do {
            state = try options.lab.up(exercise: exercises.exercise)
        } catch let failure as TrainingLab.Failure {
            throw WizardError(failure.description)
        }
        print("lab primary: PostgreSQL \(state.version) \(state.primary.clusterAnswer), port \(state.primary.port)")
        print("lab standby: PostgreSQL \(state.version) \(state.standby.clusterAnswer), port \(state.standby.port)")
        if let exercise = state.exercise { print("lab exercise: \(exercise.rawValue) is in place") }
        print(state.answersFile)
    }
}

struct LabDown: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "down", abstract: "Remove the lab's clusters and files.")
    @OptionGroup var options: LabOptions

    func run() throws {
        let lab = options.lab
        // The lab's standby, for its journal: a new lab of the same names
        // must not resume this one's walkthrough.
        let standbyKey = lab.currentState().flatMap { try? AnswersFile.load(path: $0.answersFile, environment: [:]) }
            .flatMap(Journal.key(for:))
        let done: [LabRemoval]
        do {
            done = try lab.down()
        } catch let failure as TrainingLab.Failure {
            throw WizardError(failure.description)
        }
        if done.isEmpty { print("no lab is up") }
        for item in done {
            switch item {
            case .removed(let what): print("removed \(what)")
            case .kept(let path, let why): print("kept \(path): \(why)")
            }
        }
        if let standbyKey {
            let environment = ProcessInfo.processInfo.environment
            let directory = JournalOptions.defaultDirectory(environment: environment)
            if let gone = Journal.remove(directory: directory, key: standbyKey) { print("removed \(gone)") }
        }
    }
}

struct LabOpen: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Make the lab if needed and open the walkthrough against it.")
    @OptionGroup var options: LabOptions
    @OptionGroup var exercises: ExerciseOptions
    @OptionGroup var display: DisplayOptions
    @OptionGroup var journal: JournalOptions

    func run() throws {
        if exercises.listIfAsked() { return }
        let lab = options.lab
        let state: LabState
        do {
            if let existing = lab.currentState() {
                // A fault is put in when the lab is made; a lab already up
                // cannot gain or lose one without being remade.
                if let wanted = exercises.exercise, existing.exercise != wanted {
                    throw WizardError("a lab is already up without the exercise \(wanted.rawValue); run `standby-wizard lab down` first")
                }
                state = existing
            } else {
                state = try lab.up(exercise: exercises.exercise)
            }
        } catch let failure as TrainingLab.Failure {
            throw WizardError(failure.description)
        }
        try Interactive.open(mode: .lab, answersFile: state.answersFile, screens: nil, display: display, journal: journal)
    }
}
