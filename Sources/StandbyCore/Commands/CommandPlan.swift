import Foundation

/// Everything about one command step before it runs: what the screen shows
/// and what is executed. The two come from the same values, so what the
/// operator approves is what runs (apart from the masked password).
public struct CommandPlan: Sendable {
    public var host: HostRole
    public var runAs: RunAs
    public var userSwitch: UserSwitch
    /// The shell line run by /bin/sh (values shell-quoted). Run lines never
    /// contain the password, so this is also what is shown.
    public var commandLine: String
    /// The full form shown, with the user switch in front.
    public var shownCommand: String
    /// nil when this host offers no way to become the user.
    public var argv: [String]?
    public var environment: [String: String]
    public var destructive: Bool
    /// Redacted from the transcript.
    public var secrets: [String]
    public var prompts: [PromptRule]
    /// Written 0600 for the command's user before it starts, removed after.
    public var passwordFile: PasswordFile?
    /// For service steps: how it is done and why.
    public var service: ServiceControl?

    /// A libpq password file entry, and the environment name that points
    /// libpq at it.
    public struct PasswordFile: Sendable {
        public var line: String
        public var owner: RunAs
        /// False: the wizard writes the file before the command starts and
        /// hands it over (as root). True: the command's own shell makes it
        /// from a line read on its terminal (under sudo; `PasswordHandoff`).
        public var madeByTheCommand: Bool = false
    }

    /// The shell line as it runs: the step's line, behind the password
    /// handoff when the command makes its own password file.
    static func runLine(_ line: String, passwordFile: PasswordFile?) -> String {
        passwordFile?.madeByTheCommand == true ? PasswordHandoff.wrap(line, pid: getpid()) : line
    }

    public var userShown: String {
        switch runAs {
        case .operator: "your own user"
        default: runAs.rawValue
        }
    }

    /// The plan with an operator-edited command line in place of its own,
    /// run the same way (same user, environment and prompt answers).
    public func editing(commandLine line: String) -> CommandPlan {
        var plan = self
        plan.commandLine = line
        plan.shownCommand = userSwitch.shown(line)
        plan.argv = userSwitch.wrap(shellLine: Self.runLine(line, passwordFile: passwordFile))
        plan.service = nil
        return plan
    }
}
