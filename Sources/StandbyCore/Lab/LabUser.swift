/// A lab made without root belongs to the user who made it: its clusters,
/// its archive, its state directory. There, steps the procedure runs as
/// root or as postgres run as that user, who can do them and nobody else.
public enum LabUser {
    /// The OS account the servers run as: postgres, except in a lab made
    /// without root, whose clusters belong to whoever made it.
    public static func serverAccount(mode: WizardMode, facts: HostFacts) -> String {
        mode == .lab && !facts.isRoot ? facts.userName : "postgres"
    }

    /// Template values that follow from who runs the servers; without
    /// facts, as on a server.
    public static func values(mode: WizardMode, facts: HostFacts?) -> [String: String] {
        ["SERVER_OS_USER": facts.map { serverAccount(mode: mode, facts: $0) } ?? "postgres"]
    }

    public static func adjust(_ action: CommandAction, mode: WizardMode, facts: HostFacts) -> CommandAction {
        guard mode == .lab, !facts.isRoot else { return action }
        var adjusted = action
        adjusted.runAs = .operator
        return adjusted
    }
}
