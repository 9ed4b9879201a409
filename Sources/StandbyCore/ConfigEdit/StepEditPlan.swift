/// How primary_conninfo gets the replication password.
public enum PasswordStorage: String, Sendable, Equatable, CaseIterable {
    /// In ~postgres/.pgpass (mode 0600), named by passfile= from 10 on:
    /// the password stays out of the data directory and its backups.
    case passwordFile
    /// In primary_conninfo itself, quoted for any password.
    case inConninfo
}

public struct EditOptions: Sendable, Equatable {
    public var passwordStorage: PasswordStorage
    /// Text that stands in for a file on the host: an operator's hand edit
    /// being checked against what the step wants.
    public var overrides: [String: String]
    /// The OS account the server runs as: the standby's password file is
    /// in its home.
    public var serverAccount: String
    /// The running primary's values of `StandbyLimits`, as template
    /// variables; empty when the primary could not be asked.
    public var primaryLimits: [String: String]
    /// How the primary stores the replication role's password, where it
    /// could be read (the primary's pg_hba.conf step).
    public var storedPassword: StoredPassword.Kind?

    public init(passwordStorage: PasswordStorage = .passwordFile, overrides: [String: String] = [:],
                serverAccount: String = "postgres", primaryLimits: [String: String] = [:],
                storedPassword: StoredPassword.Kind? = nil) {
        self.passwordStorage = passwordStorage
        self.overrides = overrides
        self.serverAccount = serverAccount
        self.primaryLimits = primaryLimits
        self.storedPassword = storedPassword
    }
}

/// Everything one edit step would do, planned against the files as they
/// are now: the file changes (possibly none), what happened to each
/// setting and rule, and whether a reload or a restart makes it count.
public struct StepEditPlan: Sendable, Equatable {
    public var stepID: String
    public var host: HostRole
    /// Only files whose content changes.
    public var changes: [FileChange]
    public var settingEdits: [ConfEdit]
    public var hbaEdits: [HbaEdit]
    /// One line per setting, rule or password entry, passwords masked.
    public var details: [String]
    /// Things the operator should know that the diff does not show.
    public var notes: [String]
    public var summary: EditSummary
    /// Parameters (or files) whose change needs a restart / a reload.
    public var needsRestart: [String]
    public var needsReload: [String]

    public init(stepID: String, host: HostRole, changes: [FileChange] = [], settingEdits: [ConfEdit] = [],
                hbaEdits: [HbaEdit] = [], details: [String] = [], notes: [String] = [],
                summary: EditSummary = EditSummary(), needsRestart: [String] = [], needsReload: [String] = []) {
        self.stepID = stepID
        self.host = host
        self.changes = changes
        self.settingEdits = settingEdits
        self.hbaEdits = hbaEdits
        self.details = details
        self.notes = notes
        self.summary = summary
        self.needsRestart = needsRestart
        self.needsReload = needsReload
    }

    public var changesSomething: Bool { changes.contains { $0.changesSomething } }

    /// Restart wins: a restart rereads everything a reload would.
    public var activation: SettingActivation? {
        if !needsRestart.isEmpty { return .restart }
        return needsReload.isEmpty ? nil : .reload
    }

    /// The sentence the screen shows under the summary.
    public var activationNote: String? {
        switch activation {
        case .restart?:
            "Takes effect after a restart of PostgreSQL (\(needsRestart.joined(separator: ", ")))."
        case .reload?:
            "A reload is enough to make it take effect (\(needsReload.joined(separator: ", ")))."
        case nil:
            changesSomething ? "Takes effect at once; no reload or restart needed." : nil
        }
    }
}

extension StepEditPlan {
    /// The plan as text for a terminal or a log: summary, what makes it take
    /// effect, one line per setting or rule, notes, then each file's diff.
    /// Passwords are masked throughout.
    public func report(indent: String = "") -> String {
        var out = indent + summary.description + "\n"
        if let note = activationNote { out += indent + note + "\n" }
        for detail in details { out += indent + "  - " + detail + "\n" }
        for note in notes { out += indent + "note: " + note + "\n" }
        for change in changes where change.changesSomething {
            for line in change.displayText().split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                out += indent + line + "\n"
            }
        }
        return out
    }
}
