/// A command that ran past its step's `timeout:` and was stopped: said as
/// such, apart from a command that failed by itself or was interrupted.
public enum CommandTimeout {
    public static let diagnosisID = "command-timeout"

    static func diagnosis(after seconds: Int) -> Diagnosis {
        Diagnosis(failureID: diagnosisID,
                  explanation: "No result after \(seconds) s, so the wizard stopped the command (Ctrl-C, then TERM and KILL). "
                    + "Something it waits for never answers: a host that drops the packets (firewall, wrong address, a link down) "
                    + "or a server that hangs. Check the address and port, then retry.",
                  backTo: [], lines: [])
    }
}
