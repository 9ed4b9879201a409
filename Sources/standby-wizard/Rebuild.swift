import ArgumentParser
import StandbyCore

/// The operator whose standby broke: the standby host's part only, in
/// rebuild mode, on that host. The primary is left exactly as it is.
struct Rebuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Rebuild a broken standby on this host; the primary is not changed.",
        discussion: """
        Runs the standby's steps only: it first shows what the data directory was last used as \
        (a standby, or a primary after a failover, which must not be overwritten), sets it aside, \
        copies the primary afresh and starts the standby.
        """
    )

    @OptionGroup var inputs: WalkthroughInputs
    @OptionGroup var display: DisplayOptions
    @OptionGroup var journal: JournalOptions

    func run() throws {
        try Interactive.open(mode: .rebuild, answersFile: inputs.answers, screens: inputs.screens, display: try display.settings(), role: .secondary,
                             journal: journal.choice)
    }
}
