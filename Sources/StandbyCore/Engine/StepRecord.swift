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
    /// What a runbook needs to do it again (absent in older journals).
    public var run: RecordedCommand?
    public var edits: [RecordedEdit]?

    public init() {}
}

/// A command as it ran, in a form a script can run again: the shell line
/// (which never holds the password), whose account ran it, and how the
/// password reached it.
public struct RecordedCommand: Codable, Sendable, Equatable {
    public enum PasswordUse: String, Codable, Sendable {
        /// createuser -P asked twice on its terminal.
        case createuserPrompts
        /// libpq read it from a password file named by PGPASSFILE.
        case passwordFile
    }

    public var line: String
    public var runAs: String
    public var password: PasswordUse?
    /// The environment the wizard gave it beyond its own (PGHOST for a
    /// socket elsewhere); no secrets are ever in it.
    public var environment: [String: String]

    public init(line: String, runAs: String, password: PasswordUse? = nil, environment: [String: String] = [:]) {
        self.line = line
        self.runAs = runAs
        self.password = password
        self.environment = environment
    }

    init(plan: CommandPlan) {
        let password: PasswordUse? = plan.passwordFile != nil ? .passwordFile : plan.prompts.isEmpty ? nil : .createuserPrompts
        // Only what differs from the defaults every command gets.
        let defaults = CommandBuilder.defaultEnvironment()
        self.init(line: plan.commandLine, runAs: plan.runAs.rawValue, password: password,
                  environment: plan.environment.filter { defaults[$0.key] != $0.value && $0.key != "PGPASSFILE" })
    }
}

/// One change an edit made, as a script can make it again on another
/// copy of the file: a setting, a pg_hba.conf rule, a password file entry
/// (its password left out), or an empty file.
public struct RecordedEdit: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case setting, hbaRule, passwordEntry, emptyFile
    }

    public var kind: Kind
    public var path: String
    /// setting: the parameter; passwordEntry: host:port:database:user.
    public var name: String?
    /// setting: the value as written in the file; hbaRule: the rule.
    public var value: String?
    /// hbaRule: the rule it was put above, which would otherwise match first.
    public var before: String?

    public init(kind: Kind, path: String, name: String? = nil, value: String? = nil, before: String? = nil) {
        self.kind = kind
        self.path = path
        self.name = name
        self.value = value
        self.before = before
    }
}
