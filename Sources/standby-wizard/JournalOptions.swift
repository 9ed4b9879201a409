import ArgumentParser
import Foundation
import StandbyCore

/// Where the walkthrough's journal is kept and whether to go on from it.
struct JournalOptions: ParsableArguments {
    @Flag(name: .long, help: "Start over even when this standby's journal says a walkthrough was cut off; what it did is printed first.")
    var fresh = false

    @Option(name: .long, help: ArgumentHelp("Keep the journal here (default: $STANDBY_WIZARD_JOURNAL_DIR, else /var/lib/standby-wizard/journals for root and $XDG_STATE_HOME/standby-wizard/journals or ~/.local/state/standby-wizard/journals for others).", valueName: "DIR"))
    var journalDir: String?

    var choice: JournalChoice { JournalChoice(fresh: fresh, journalDir: journalDir) }

    func begin(_ given: WalkthroughState, walkthrough: Walkthrough, answersFile: String?,
               environment: [String: String]) throws -> (start: Resume.Start, keeper: JournalKeeper) {
        try choice.begin(given, walkthrough: walkthrough, answersFile: answersFile, environment: environment)
    }

    static func defaultDirectory(environment: [String: String]) -> String {
        JournalChoice.defaultDirectory(environment: environment)
    }
}

/// The journal options as plain values, whether parsed or the defaults of
/// a start with no arguments.
struct JournalChoice {
    var fresh = false
    var journalDir: String?

    /// Opens and locks this standby's journal when the answers name the
    /// standby, and meets what it holds. A second wizard on the same
    /// standby stops here.
    func begin(_ given: WalkthroughState, walkthrough: Walkthrough, answersFile: String?,
               environment: [String: String]) throws -> (start: Resume.Start, keeper: JournalKeeper) {
        // One place per machine whatever the mode, so that the lock is one
        // per standby; `lab down` removes a lab's journal.
        let directory = journalDir ?? Self.defaultDirectory(environment: environment)
        guard let key = Journal.key(for: given.answers) else {
            return (Resume.Start(state: given, lines: [], resumed: false), JournalKeeper(directory: directory))
        }
        do {
            let journal = try Journal(directory: directory, key: key)
            let start = Resume.start(given, saved: try journal.load(), walkthrough: walkthrough, fresh: fresh, journalPath: journal.path)
            return (start, JournalKeeper(directory: directory, journal: journal))
        } catch Journal.OpenError.busy(let pid, let path) {
            throw WizardError(Journal.OpenError.busy(pid: pid, journal: path).description)
        } catch {
            // A state directory that cannot be written must not block the
            // walkthrough; it only cannot be resumed.
            let keeper = JournalKeeper(directory: directory)
            return (Resume.start(given, saved: nil, walkthrough: walkthrough, fresh: fresh, journalPath: ""), keeper)
        }
    }

    static func defaultDirectory(environment: [String: String]) -> String {
        environment[Journal.directoryVariable].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? Journal.directory(environment: environment, isRoot: getuid() == 0)
    }
}
