/// How far a step got. Pending steps show `[ ]`, the rest their own mark.
public enum StepStatus: String, Codable, Sendable, Equatable {
    case pending
    case done
    case skipped
    case failed
}

/// Everything about a walkthrough that must survive the process: where the
/// operator is, what they answered, what each step did. A plain value so a
/// journal can write it after every transition and resume from it.
public struct WalkthroughState: Codable, Sendable, Equatable {
    public var mode: WizardMode
    public var currentStepID: String?
    public var answers: Answers
    public var statuses: [String: StepStatus]
    /// Hosts on which a step has changed something; quitting asks first
    /// once this is not empty.
    public var changedHosts: Set<HostRole>

    public init(mode: WizardMode = .full, currentStepID: String? = nil, answers: Answers = Answers(),
                statuses: [String: StepStatus] = [:], changedHosts: Set<HostRole> = []) {
        self.mode = mode
        self.currentStepID = currentStepID
        self.answers = answers
        self.statuses = statuses
        self.changedHosts = changedHosts
    }

    public func status(of stepID: String) -> StepStatus { statuses[stepID] ?? .pending }
}
