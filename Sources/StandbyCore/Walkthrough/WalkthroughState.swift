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
    /// Set when the wizard runs on one of the two hosts only (`--role`), as
    /// the source procedure is done on each machine in turn: the other
    /// host's steps are left out. Nil runs both.
    public var role: HostRole?
    /// What each step did, by step id.
    public var records: [String: StepRecord] = [:]

    public init(mode: WizardMode = .full, currentStepID: String? = nil, answers: Answers = Answers(),
                statuses: [String: StepStatus] = [:], changedHosts: Set<HostRole> = [], role: HostRole? = nil) {
        self.mode = mode
        self.currentStepID = currentStepID
        self.answers = answers
        self.statuses = statuses
        self.changedHosts = changedHosts
        self.role = role
    }

    private enum CodingKeys: String, CodingKey {
        case mode, currentStepID, answers, statuses, changedHosts, role, records
    }

    /// A state written before steps kept records still reads.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        mode = try container.decode(WizardMode.self, forKey: .mode)
        currentStepID = try container.decodeIfPresent(String.self, forKey: .currentStepID)
        answers = try container.decode(Answers.self, forKey: .answers)
        statuses = try container.decode([String: StepStatus].self, forKey: .statuses)
        changedHosts = try container.decode(Set<HostRole>.self, forKey: .changedHosts)
        role = try container.decodeIfPresent(HostRole.self, forKey: .role)
        records = try container.decodeIfPresent([String: StepRecord].self, forKey: .records) ?? [:]
    }

    public func status(of stepID: String) -> StepStatus { statuses[stepID] ?? .pending }
}
