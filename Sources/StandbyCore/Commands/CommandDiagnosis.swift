/// Why a command failed, in the same words the gates use. The command's
/// own output often carries the server's reason (psql and pg_basebackup
/// print the primary's FATAL line); a start or restart that fails leaves
/// its reason in the server log instead, which the gate after it reads.
public enum CommandDiagnosis {
    /// Names the log's warnings and errors when no catalogue entry fits.
    public static let serverLogID = "server-log"

    public static func diagnose(output: [String], log: LogGate?, host: HostRole) -> [Diagnosis] {
        var found: [Diagnosis] = []
        for line in output {
            guard let failure = FailureCatalog.match(outputLine: line) ?? ClientFailures.match(outputLine: line) else { continue }
            if let index = found.firstIndex(where: { $0.failureID == failure.id }) {
                // The latest wording of a repeated failure, a few lines of it.
                found[index].lines = Array((found[index].lines + [line]).suffix(3))
            } else {
                found.append(Diagnosis(failureID: failure.id, explanation: failure.explanation,
                                       backTo: failure.backTo.steps(on: host), lines: [line]))
            }
        }
        guard let log else { return found }
        let verdict = log.pollToEnd()
        if case .failed(let fromLog) = verdict {
            for diagnosis in fromLog where diagnosis.failureID != Diagnosis.timeoutID
                && !found.contains(where: { $0.failureID == diagnosis.failureID }) {
                found.append(diagnosis)
            }
        }
        if found.isEmpty {
            let alarming = log.evaluator.warningsAndErrors.flatMap(\.rawLines)
            if !alarming.isEmpty {
                found.append(Diagnosis(failureID: serverLogID,
                                       explanation: "The server log (\(log.location.path)) shows these warnings and errors since the command began.",
                                       backTo: [], lines: Array(alarming.suffix(6))))
            }
        }
        return found
    }
}
