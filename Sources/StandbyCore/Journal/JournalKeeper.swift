/// Keeps the journal of the walkthrough under way: opens it once the
/// standby is known (at once from an answers file, else after the standby's
/// form) and writes the state whenever it changed.
public final class JournalKeeper: @unchecked Sendable {
    public let directory: String
    public private(set) var journal: Journal?
    /// Why the journal cannot be kept, said once to the operator.
    public private(set) var problem: String?
    private var problemShown = false

    public init(directory: String, journal: Journal? = nil) {
        self.directory = directory
        self.journal = journal
    }

    /// Saves `state`; returns a message the first time something is wrong.
    public func save(_ state: WalkthroughState) -> String? {
        if journal == nil, problem == nil, let key = Journal.key(for: state.answers) {
            do {
                journal = try Journal(directory: directory, key: key)
            } catch {
                problem = "\(error)"
            }
        }
        do {
            try journal?.save(state)
        } catch {
            problem = "\(error)"
        }
        guard let problem, !problemShown else { return nil }
        problemShown = true
        return "No journal is kept, so an interruption cannot be resumed: \(problem)"
    }
}
