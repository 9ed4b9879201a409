/// Why a step's edit cannot be planned. Each says what to do about it;
/// none of them leaves anything changed.
public enum EditPlanError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAnEditStep(String)
    case missingAnswers([String])
    case noClusterAnswers(HostRole)
    case missingFile(path: String, what: String)
    case unreadable(path: String, reason: String)
    case invalidFile(path: String, problems: [String])
    case badTemplate(String)
    case notEncodable(path: String)

    public var description: String {
        switch self {
        case .notAnEditStep(let id): "step \(id) does not edit a file"
        case .missingAnswers(let names): "needs answers first: \(names.joined(separator: ", "))"
        case .noClusterAnswers(let role):
            "the \(role.rawValue) host's version and cluster are not answered (or not valid)"
        case .missingFile(let path, let what): "\(path) does not exist (\(what))"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .invalidFile(let path, let problems):
            "\(path) has lines PostgreSQL would refuse; fix them first:\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
        case .badTemplate(let reason): "the step's edit is malformed: \(reason)"
        case .notEncodable(let path):
            "\(path) is not UTF-8 and the new text has characters its encoding cannot hold"
        }
    }
}
