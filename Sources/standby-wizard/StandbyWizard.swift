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
        // Before any command: the password files of a wizard killed where
        // no handler ran, and handlers so that this one leaves none. The
        // sweep lists the whole temporary directory, so it runs beside the
        // first frame rather than before it; it only removes files of
        // processes that are gone, never this one's.
        Thread.detachNewThread { _ = TemporaryPasswordFiles.sweepStale() }
        TemporaryPasswordFiles.removeOnQuitSignals()
        main(nil)
    }
}
