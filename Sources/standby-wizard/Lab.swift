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
        a new lab for the trainee to find through the wizard's checks (`random` picks one \
        without telling; the debrief at the end names it); `--list-exercises` names them; \
        `lab report` prints the trainer's record of the last walkthrough of the exercise.
        """,
        subcommands: [LabOpen.self, LabUp.self, LabDown.self, LabReport.self],
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

    @Option(name: .long, help: ArgumentHelp("Make the clusters with the PostgreSQL programs in DIR instead of the packaged server (a second major, a build of your own); they use the data-directory layout.", valueName: "DIR"))
    var bindir: String?

    var lab: TrainingLab {
        let environment = ProcessInfo.processInfo.environment
        let isRoot = getuid() == 0
        let dir = stateDir ?? (isRoot ? "/var/lib/standby-wizard/lab"
                                      : (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state/standby-wizard/lab")
        return TrainingLab(stateDirectory: dir, isRoot: isRoot, namePrefix: namePrefix, serverBinDirectory: bindir)
    }
}

extension LabExercise: ExpressibleByArgument {}

/// An exercise by name, or `random`: one of those a lab here can hold,
/// not told until the debrief.
enum ExerciseChoice: ExpressibleByArgument, Equatable {
    case named(LabExercise)
    case random

    init?(argument: String) {
        if argument == "random" {
            self = .random
        } else if let exercise = LabExercise(rawValue: argument) {
            self = .named(exercise)
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { LabExercise.allCases.map(\.rawValue) + ["random"] }

    /// The exercise to put in a lab made by `lab`.
    func pick(for lab: TrainingLab) throws -> LabExercise {
        switch self {
        case .named(let exercise): return exercise
        case .random:
            let (major, _) = try lab.installedServer()
            let candidates = LabExercise.available(isRoot: lab.isRoot, debianLayout: lab.makesDebianClusters, major: major)
            guard let exercise = candidates.randomElement() else { throw WizardError("no exercise can be made here") }
            return exercise
        }
    }
}

struct ExerciseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Put one fault into the new lab for a trainee to find; random picks one without telling.", valueName: "NAME|random"))
    var exercise: ExerciseChoice?

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
            let lab = options.lab
            state = try lab.up(exercise: exercises.exercise?.pick(for: lab), pickedAtRandom: exercises.exercise == .random)
        } catch let failure as TrainingLab.Failure {
            throw WizardError(failure.description)
        }
        print("lab primary: PostgreSQL \(state.version) \(state.primary.clusterAnswer), port \(state.primary.port)")
        print("lab standby: PostgreSQL \(state.version) \(state.standby.clusterAnswer), port \(state.standby.port)")
        if let exercise = state.exercise {
            print(state.pickedAtRandom ? "lab exercise: one picked at random is in place; the debrief names it"
                                       : "lab exercise: \(exercise.rawValue) is in place")
        }
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
                switch exercises.exercise {
                case .named(let wanted)? where existing.exercise != wanted:
                    throw WizardError("a lab is already up without the exercise \(wanted.rawValue); run `standby-wizard lab down` first")
                case .random? where existing.exercise == nil:
                    throw WizardError("a lab is already up without an exercise; run `standby-wizard lab down` first")
                default:
                    break
                }
                state = existing
            } else {
                state = try lab.up(exercise: exercises.exercise?.pick(for: lab), pickedAtRandom: exercises.exercise == .random)
            }
        } catch let failure as TrainingLab.Failure {
            throw WizardError(failure.description)
        }
        try Interactive.open(mode: .lab, answersFile: state.answersFile, screens: nil, display: try display.settings(), journal: journal.choice)
    }
}

struct LabReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The trainer's record of the lab's exercise: steps, failures, retries, skips, overrides, time to fix, verified or not.")
    @OptionGroup var options: LabOptions

    @Option(name: .long, help: ArgumentHelp("Where the walkthrough kept its journal, if not the default.", valueName: "DIR"))
    var journalDir: String?

    func run() throws {
        let lab = options.lab
        guard let state = lab.currentState() else { throw WizardError("no lab is up in \(lab.stateDirectory)") }
        let environment = ProcessInfo.processInfo.environment
        // Read without the lock: a trainee's wizard may still hold it.
        let answers = try? AnswersFile.load(path: state.answersFile, environment: [:])
        let journalPath = answers.flatMap(Journal.key(for:)).map {
            (journalDir ?? JournalOptions.defaultDirectory(environment: environment)) + "/" + $0 + ".json"
        }
        let journal = journalPath.flatMap { FileManager.default.contents(atPath: $0) }
            .flatMap { try? JSONDecoder().decode(WalkthroughState.self, from: $0) }
        let walkthrough = try ScreenSource.walkthrough(directory: nil)
        let titles = Dictionary(walkthrough.screens.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        let report = StandbyCore.LabReport(state: state, trail: ExerciseTrail.read(path: LabState.trailPath(in: lab.stateDirectory)),
                                           journal: journal, journalPath: journal == nil ? nil : journalPath, titles: titles)
        for line in report.lines() { print(line) }
    }
}
