/// A form: the answers it asks for, checked as the form would check them,
/// and what the host it describes really has.
public struct FormDriver: Sendable {
    public let stepID: String
    public let fields: [String]
    /// Which host the form describes, when it describes one.
    public let role: HostRole?
    public private(set) var findings: [HostSurvey.Finding] = []

    /// What the survey read on the host for the walkthrough to use.
    public var foundValues: [String: String] {
        findings.reduce(into: [:]) { all, finding in all.merge(finding.found) { $1 } }
    }
    /// The answers the findings were made for; typed values count before
    /// Continue, and a survey is asked again only when they change.
    private var surveyedFor: [String]?

    public init(stepID: String, fields: [String]) {
        self.stepID = stepID
        self.fields = fields
        role = HostSurvey.host(ofFormFields: fields)
    }

    /// A survey when the host's answers differ from the last one's.
    mutating func survey(_ answers: Answers) -> [StepEffect] {
        guard let role else { return [] }
        let key = HostAnswers.Field.allCases.prefix(4).map { answers[HostAnswers.key($0, of: role)] ?? "" }
            + [answers[AnswerHosts.answerKey(for: role)] ?? ""]
        guard key != surveyedFor else { return [] }
        surveyedFor = key
        return [.survey(stepID: stepID, role: role, answers: answers)]
    }

    mutating func handle(_ event: StepEvent) -> StepReaction {
        switch event {
        case .surveyed(let found):
            findings = found
        case .submit(let answers):
            for name in fields {
                guard let value = answers[name] else {
                    let hint = name == Answers.passwordName ? " (in the answers file, REP_USER_PW or REP_USER_PW_FILE)" : ""
                    return StepReaction(message: "\(name) is not answered\(hint)")
                }
                if let reason = VariableValidator.check(name, value: value, answers: answers).reason {
                    return StepReaction(message: "\(name): \(reason)")
                }
            }
            if let blocking = findings.first(where: \.blocks) {
                return StepReaction(message: blocking.text)
            }
            return StepReaction(outcome: .completed(.done))
        default:
            break
        }
        return .none
    }
}
