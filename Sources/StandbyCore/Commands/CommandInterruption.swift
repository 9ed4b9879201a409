/// A command the operator stopped with Ctrl-C: said as the operator's own
/// doing, apart from a command that failed by itself or ran out of time.
public enum CommandInterruption {
    public static let diagnosisID = "interrupted"

    static let diagnosis = Diagnosis(
        failureID: diagnosisID,
        explanation: "You interrupted it (Ctrl-C), so it did not finish; the wizard stopped nothing else. "
            + "r runs it again, e edits it first.",
        backTo: [], lines: [])
}
