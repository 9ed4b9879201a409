/// What a running walkthrough knows when it decides whether a step applies.
public struct ConditionContext: Sendable, Equatable {
    public var version: PostgresMajor?
    public var mode: WizardMode
    public var layout: DataLayout?

    public init(version: PostgresMajor?, mode: WizardMode, layout: DataLayout?) {
        self.version = version
        self.mode = mode
        self.layout = layout
    }
}

/// A screen's `when:`. Each part that is present must hold; within a part any
/// listed value may match. An unknown version or layout does not hide a step:
/// the operator sees more, never less, until the answer is known.
public struct ScreenCondition: Sendable, Equatable {
    public var versions: [VersionRange]?
    public var modes: Set<WizardMode>?
    public var layouts: Set<DataLayout>?

    public init(versions: [VersionRange]? = nil, modes: Set<WizardMode>? = nil, layouts: Set<DataLayout>? = nil) {
        self.versions = versions
        self.modes = modes
        self.layouts = layouts
    }

    public static let always = ScreenCondition()

    public func matches(_ context: ConditionContext) -> Bool {
        if let versions, let version = context.version, !versions.contains(where: { $0.contains(version) }) {
            return false
        }
        if let modes, !modes.contains(context.mode) { return false }
        if let layouts, let layout = context.layout, !layouts.contains(layout) { return false }
        return true
    }
}
