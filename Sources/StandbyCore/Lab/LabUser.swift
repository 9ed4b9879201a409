/// A lab made without root belongs to the user who made it: its clusters,
/// its archive, its state directory. There, steps the procedure runs as
/// root or as postgres run as that user, who can do them and nobody else.
public enum LabUser {
    public static func adjust(_ action: CommandAction, mode: WizardMode, facts: HostFacts) -> CommandAction {
        guard mode == .lab, !facts.isRoot else { return action }
        var adjusted = action
        adjusted.runAs = .operator
        return adjusted
    }
}
