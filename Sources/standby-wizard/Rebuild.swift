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

    @Option(name: .long, help: ArgumentHelp("Preload the form from a YAML answers file.", valueName: "FILE"))
    var answers: String?

    @Option(name: .long, help: ArgumentHelp("Read the steps from this directory instead of the built-in ones.", valueName: "DIR"))
    var screens: String?

    @OptionGroup var display: DisplayOptions

    func run() throws {
        try Interactive.open(mode: .rebuild, answersFile: answers, screens: screens, display: display, role: .secondary)
    }
}
