import Foundation

/// The interactive bits of a running step that are not the step's own
/// state: how far the output is scrolled, and a one-line entry the
/// operator is typing into (a new command line, "skip", an override).
struct LiveStepUI {
    enum Entry: Equatable, Sendable {
        case editCommand
        case confirmSkip
        case overrideGate
        /// The standby's cluster, typed to set aside a directory in production.
        case typeWord

        var prompt: String {
            switch self {
            case .editCommand: "Command: "
            case .confirmSkip: "Type skip to skip this step: "
            case .overrideGate: "Type continue anyway to pass the gate: "
            case .typeWord: "Type the standby's cluster to go on: "
            }
        }
    }

    var outputScroll = 0
    /// The operator folded or unfolded the step list on this step (w).
    var listToggled = false
    /// Columns a diff is scrolled sideways.
    var diffShift = 0
    var entry: Entry?
    var field = TextField("")
    var showLogRegion = false
    var lastGatePoll = Date.distantPast
    /// A proposal being changed in $EDITOR: the temporary file.
    var handEditPath: String?
}
