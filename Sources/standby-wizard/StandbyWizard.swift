import ArgumentParser
import Foundation
import StandbyCore

@main
struct StandbyWizard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standby-wizard",
        abstract: "Walks you through building a PostgreSQL streaming-replication hot standby.",
        version: "0.1.0-dev",
        subcommands: [Interactive.self, Lab.self, Rebuild.self, Run.self, Plan.self, RunbookCommand.self, Check.self, CheckScreens.self, WriteFile.self],
        defaultSubcommand: Interactive.self
    )

    static func main() {
        // Handlers so that this wizard leaves no password file, and a sweep
        // of those of a wizard killed where no handler ran. The sweep
        // lists the whole temporary directory, so it runs on a thread of
        // its own, after the first frame where there is one; it only
        // removes files of processes that are gone, never this one's.
        TemporaryPasswordFiles.removeOnQuitSignals()
        // argc, not arguments: that array is built on first use.
        if CommandLine.argc == 1 { plainStart() }
        sweepStalePasswordFiles()
        main(nil)
    }

    static func sweepStalePasswordFiles() {
        Thread.detachNewThread { _ = TemporaryPasswordFiles.sweepStale() }
    }

    /// `standby-wizard` alone, as an operator at a console types it: the
    /// screen with every option at its default. Nothing needs parsing, and
    /// the parser's first use (it looks up each option's conformances in
    /// the whole binary) took a third of the time to the first frame.
    /// Errors end as the parser would end them.
    static func plainStart() -> Never {
        do {
            try Interactive.open(mode: .full, answersFile: nil, screens: nil, display: ScreenSettings(), journal: JournalChoice(),
                                 afterFirstFrame: sweepStalePasswordFiles)
            exit(withError: nil)
        } catch {
            exit(withError: error)
        }
    }
}
