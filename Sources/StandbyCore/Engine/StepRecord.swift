/// What one step did on its host, kept in the walkthrough state so that a
/// journal can say it and a resumed walkthrough does not do it twice.
public struct StepRecord: Codable, Sendable, Equatable {
    /// How often its command was started.
    public var attempts = 0
    /// The command line as shown (password masked) and how it ended.
    public var command: String?
    public var exitStatus: Int32?
    /// Its last output lines (redacted): "kept as ..." names a directory
    /// set aside.
    public var outputTail: [String] = []
    /// Files an edit wrote, and their backups.
    public var written: [String] = []
    public var backups: [String] = []
    /// Where a gate began reading its server log.
    public var logStart: LogPosition?
    /// Each check's verdict, by name.
    public var checks: [String: Bool] = [:]

    public init() {}
}
