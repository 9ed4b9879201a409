import ArgumentParser
import Foundation
import StandbyCore

/// `runbook`: a journal as a bash script that does it again.
struct RunbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbook",
        abstract: "Write what a walkthrough did as a bash script that does it again.",
        discussion: """
        The script follows the journal step by step: each step's title and text as comments, \
        its commands as they ran, its edits as changes to the files it finds, its log checks \
        as waits, and the wizard's refusals (the primary's own data directory, a directory \
        in production without CONFIRM_SET_ASIDE, a copy's target not empty) as refusals. \
        The replication password is read from REP_USER_PW when the script runs, or asked; \
        it is never written into the script. Without --journal, the most recent journal \
        of this machine is used and named on standard error.
        """
    )

    @Option(name: .long, help: ArgumentHelp("The journal to read (default: the most recent one in the journal directory).", valueName: "FILE"))
    var journal: String?

    @Option(name: .long, help: ArgumentHelp("Where journals are kept (as for the walkthrough).", valueName: "DIR"))
    var journalDir: String?

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the script to FILE (mode 0700) instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Load the steps from DIR instead of the built-in copy (the same as the walkthrough used).", valueName: "DIR"))
    var screens: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let path = try journal ?? mostRecentJournal(in: journalDir ?? JournalOptions.defaultDirectory(environment: environment))
        guard let data = FileManager.default.contents(atPath: path) else { throw WizardError("cannot read the journal \(path)") }
        let state: WalkthroughState
        do {
            state = try JSONDecoder().decode(WalkthroughState.self, from: data)
        } catch {
            throw WizardError("\(path) is not a standby-wizard journal: \(error.localizedDescription)")
        }
        let runbook = Runbook(state: state, walkthrough: try ScreenSource.walkthrough(directory: screens),
                              hosts: ThisMachine(only: state.role), source: path)
        let script = runbook.script()
        if let unfinished = runbook.unfinished {
            FileHandle.standardError.write(Data("runbook: the walkthrough stopped before \"\(unfinished)\"; the script ends there\n".utf8))
        }
        guard let output else {
            print(script, terminator: "")
            return
        }
        try write(script, to: output)
        FileHandle.standardError.write(Data("runbook: wrote \(output) from \(path)\n".utf8))
    }

    private func mostRecentJournal(in directory: String) throws -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let journals = names.filter { $0.hasSuffix(".json") }.map { directory + "/" + $0 }
        let dated = journals.compactMap { path -> (String, Date)? in
            guard let date = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { return nil }
            return (path, date)
        }
        guard let newest = dated.max(by: { $0.1 < $1.1 }) else {
            throw WizardError("no journal in \(directory): a walkthrough writes one once its answers name the standby; or give --journal FILE")
        }
        if dated.count > 1 {
            FileHandle.standardError.write(Data("runbook: \(newest.0), the most recent of \(dated.count) journals in \(directory)\n".utf8))
        }
        return newest.0
    }

    /// Whole or not at all: a temporary file beside it, then a rename.
    private func write(_ script: String, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(script.utf8), attributes: [.posixPermissions: 0o700]) else {
            throw WizardError("cannot write \(temporary)")
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WizardError("cannot write \(path): \(reason)")
        }
    }
}
