/// A lab made without root belongs to the user who made it: its clusters,
/// its archive, its state directory. There, steps the procedure runs as
/// root or as postgres run as that user, who can do them and nobody else.
public enum LabUser {
    /// The OS account the servers run as: postgres, except in a lab made
    /// without root, whose clusters belong to whoever made it.
    public static func serverAccount(mode: WizardMode, facts: HostFacts) -> String {
        ownedByItsMaker(mode: mode, facts: facts) ? facts.userName : "postgres"
    }

    /// A lab host reached over ssh is a test's two-host setup, made by
    /// root there: the ssh user is whoever logs in, not the servers' owner.
    static func ownedByItsMaker(mode: WizardMode, facts: HostFacts) -> Bool {
        mode == .lab && !facts.isRoot && !facts.reachedOverSsh
    }

    /// Template values that follow from who runs the servers; without
    /// facts, as on a server.
    public static func values(mode: WizardMode, facts: HostFacts?) -> [String: String] {
        ["SERVER_OS_USER": facts.map { serverAccount(mode: mode, facts: $0) } ?? "postgres"]
    }

    public static func adjust(_ action: CommandAction, mode: WizardMode, facts: HostFacts) -> CommandAction {
        guard ownedByItsMaker(mode: mode, facts: facts) else { return action }
        var adjusted = action
        adjusted.runAs = .operator
        return adjusted
    }
}
