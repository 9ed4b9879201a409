/// What a running walkthrough knows when it decides whether a step applies.
public struct ConditionContext: Sendable, Equatable {
    public var version: PostgresMajor?
    public var mode: WizardMode
    public var layout: DataLayout?
    public var hosts: HostsInReach
    /// The operator's choices (`.choice` variables), defaults filled in.
    public var choices: [String: String]

    public init(version: PostgresMajor?, mode: WizardMode, layout: DataLayout?, hosts: HostsInReach = .both,
                choices: [String: String] = [:]) {
        self.version = version
        self.mode = mode
        self.layout = layout
        self.hosts = hosts
        self.choices = choices
    }

    /// Each choice variable's answer, or its default while unanswered, so
    /// the step list shows the steps the default leads to.
    public static func choices(from answers: Answers) -> [String: String] {
        var found: [String: String] = [:]
        for spec in VariableCatalog.inputs where spec.kind == .choice {
            if let value = answers[spec.name] ?? spec.defaultValue { found[spec.name] = value }
        }
        return found
    }
}

/// Which hosts this walkthrough works on: both from one machine (the lab,
/// or one that reaches both), or one host's part alone (`--role`), as the
/// source procedure is done at each server's console. Checks that need
/// both servers have no place in a one-host walkthrough.
public enum HostsInReach: String, Sendable, CaseIterable, Hashable {
    case both, primary, secondary

    public init(role: HostRole?) {
        switch role {
        case .primary: self = .primary
        case .secondary: self = .secondary
        default: self = .both
        }
    }
}

/// A screen's `when:`. Each part that is present must hold; within a part any
/// listed value may match. An unknown version or layout does not hide a step:
/// the operator sees more, never less, until the answer is known.
public struct ScreenCondition: Sendable, Equatable {
    public var versions: [VersionRange]?
    public var modes: Set<WizardMode>?
    public var layouts: Set<DataLayout>?
    public var hosts: Set<HostsInReach>?
    /// Choice variables and the values that show the step.
    public var choices: [String: Set<String>]?

    public init(versions: [VersionRange]? = nil, modes: Set<WizardMode>? = nil, layouts: Set<DataLayout>? = nil,
                hosts: Set<HostsInReach>? = nil, choices: [String: Set<String>]? = nil) {
        self.versions = versions
        self.modes = modes
        self.layouts = layouts
        self.hosts = hosts
        self.choices = choices
    }

    public static let always = ScreenCondition()

    public func matches(_ context: ConditionContext) -> Bool {
        if let versions, let version = context.version, !versions.contains(where: { $0.contains(version) }) {
            return false
        }
        if let modes, !modes.contains(context.mode) { return false }
        if let layouts, let layout = context.layout, !layouts.contains(layout) { return false }
        if let hosts, !hosts.contains(context.hosts) { return false }
        for (name, wanted) in choices ?? [:] {
            if let value = context.choices[name], !wanted.contains(value) { return false }
        }
        return true
    }
}
