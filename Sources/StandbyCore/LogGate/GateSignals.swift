/// The log wording that proves each positive signal, for every version the
/// wizard supports (9.5-18). All are LOG lines of the postmaster or the
/// startup and walreceiver processes.
public enum GateSignals {
    public static func pattern(for signal: GateSignal) -> MessagePattern {
        switch signal {
        case .acceptingConnections:
            MessagePattern(anyOf: ["database system is ready to accept connections"], severities: [.log])
        case .standbyMode:
            MessagePattern(anyOf: ["entering standby mode"], severities: [.log])
        case .streaming:
            MessagePattern(anyOf: ["started streaming WAL from primary"], severities: [.log])
        case .readOnlyConnections:
            MessagePattern(anyOf: ["ready to accept read only connections", "ready to accept read-only connections"],
                           severities: [.log])
        }
    }

    /// The signal's wording as the operator will see it in the log.
    public static func wording(of signal: GateSignal) -> String {
        switch signal {
        case .acceptingConnections: "database system is ready to accept connections"
        case .standbyMode: "entering standby mode"
        case .streaming: "started streaming WAL from primary"
        case .readOnlyConnections: "database system is ready to accept read-only connections"
        }
    }
}
