/// The procedure as loaded, and the questions about it that depend on the
/// answers so far: which steps apply, where Next and Back lead.
public struct Walkthrough: Sendable {
    public let screens: [ScreenDefinition]
    private let visible = VisibleStepsCache()

    public init(screens: [ScreenDefinition]) {
        self.screens = screens
    }

    /// Conditions are judged with the facts of the host the step runs on:
    /// the secondary may use a different layout than the primary.
    public func context(for screen: ScreenDefinition, in state: WalkthroughState) -> ConditionContext {
        context(of: screen.host == .secondary ? "SECONDARY" : "PRIMARY", in: state)
    }

    private func context(of prefix: String, in state: WalkthroughState) -> ConditionContext {
        let version = state.answers["\(prefix)_PG_VERSION"].flatMap { PostgresMajor($0) }
        let layout = state.answers["\(prefix)_PG_CLUSTER"].flatMap(DataLayout.inferred(fromCluster:))
        return ConditionContext(version: version, mode: state.mode, layout: layout, hosts: HostsInReach(role: state.role),
                                choices: ConditionContext.choices(from: state.answers))
    }

    /// Asked on every redraw: the two hosts' contexts are made once, not
    /// once per screen.
    public func visibleSteps(in state: WalkthroughState) -> [ScreenDefinition] {
        visible.steps(for: state) {
            let primary = context(of: "PRIMARY", in: state)
            let secondary = context(of: "SECONDARY", in: state)
            return screens.filter { screen in
                if let role = state.role, screen.host != .local, screen.host != role { return false }
                return screen.condition.matches(screen.host == .secondary ? secondary : primary)
            }
        }
    }

    /// The current step, falling back to the first visible one when the id
    /// is unset or the step became hidden by a changed answer.
    public func currentIndex(in state: WalkthroughState) -> Int {
        currentIndex(in: state, steps: visibleSteps(in: state))
    }

    /// The same, over a step list the caller already has.
    public func currentIndex(in state: WalkthroughState, steps: [ScreenDefinition]) -> Int {
        if let id = state.currentStepID, let index = steps.firstIndex(where: { $0.id == id }) {
            return index
        }
        return 0
    }

    /// The gate step right after `step` on the same host, if there is one:
    /// it must know where the log stood before `step` runs.
    public func gate(following step: ScreenDefinition, in steps: [ScreenDefinition]) -> ScreenDefinition? {
        guard let index = steps.firstIndex(where: { $0.id == step.id }), index + 1 < steps.count else { return nil }
        let next = steps[index + 1]
        guard case .gate = next.action, next.host == step.host else { return nil }
        return next
    }

    public func advance(_ state: inout WalkthroughState) {
        let steps = visibleSteps(in: state)
        guard !steps.isEmpty else { return }
        let index = currentIndex(in: state)
        state.currentStepID = steps[min(index + 1, steps.count - 1)].id
    }

    public func goBack(_ state: inout WalkthroughState) {
        let steps = visibleSteps(in: state)
        guard !steps.isEmpty else { return }
        let index = currentIndex(in: state)
        state.currentStepID = steps[max(index - 1, 0)].id
    }
}

extension DataLayout {
    /// A cluster answer that is an absolute path names a data directory that
    /// holds its own configuration; a bare name is a Debian cluster.
    public static func inferred(fromCluster cluster: String) -> DataLayout? {
        if cluster.hasPrefix("/") { return .datadir }
        return cluster.isEmpty ? nil : .debian
    }
}
