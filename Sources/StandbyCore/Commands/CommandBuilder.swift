import Foundation

/// Turns a screen's command step, the answers and this host's facts into a
/// `CommandPlan`.
public struct CommandBuilder: Sendable {
    public var facts: HostFacts
    /// The environment commands start with (the wizard's own is not passed
    /// on wholesale: it may hold things the operator never meant to share).
    public var environment: [String: String]
    public var serviceOverride: ServiceMethod?

    public static let createuserPrompts = ["Enter password for new role:", "Enter it again:"]
    /// libpq's prompt; sudo's own ("[sudo] password for ...") is lower case
    /// and is left to the operator.
    public static let libpqPrompt = #"Password( for user [^:\r\n]*)?: *$"#

    public init(facts: HostFacts, environment: [String: String] = CommandBuilder.defaultEnvironment(),
                serviceOverride: ServiceMethod? = nil) {
        self.facts = facts
        self.environment = environment
        self.serviceOverride = serviceOverride
    }

    public static func defaultEnvironment(from wizard: [String: String] = [:]) -> [String: String] {
        // Commands run on a terminal, so psql and systemctl would hand
        // their output to a pager and wait at "(END)" for a key nobody
        // presses; the pane scrolls by itself.
        // PGCONNECT_TIMEOUT: a server that never answers (packets
        // dropped, a link down) fails a psql or pg_basebackup in seconds
        // with libpq's "timeout expired" instead of waiting minutes on TCP.
        var env = ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                   "TERM": "xterm", "LANG": "C.UTF-8", "PAGER": "cat", "SYSTEMD_PAGER": "cat",
                   "PGCONNECT_TIMEOUT": "15"]
        for name in ["LANG", "LC_ALL", "LC_CTYPE", "HOME"] { if let value = wizard[name] { env[name] = value } }
        return env
    }

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case notACommand
        case missingValues([String])
        case noService(String)
        public var description: String {
            switch self {
            case .notACommand: "this step does not run a command"
            case .missingValues(let names): "no value yet for " + names.map { "$" + $0 }.joined(separator: ", ")
            case .noService(let why): why
            }
        }
    }

    /// `values` are the answers with the derived variables (what screens
    /// substitute); `password` is the replication password, given only to
    /// the commands that need it and never placed in argv.
    public func plan(for step: ScreenDefinition, values: [String: String], password: String?) throws -> CommandPlan {
        guard case .command(let action) = step.action else { throw Problem.notACommand }
        return try plan(action, host: step.host, values: values, password: password)
    }

    public func plan(_ action: CommandAction, host: HostRole, values: [String: String],
                     password: String?) throws -> CommandPlan {
        var runAs = action.runAs
        var line: String
        // What the screen shows: the same line with the password masked,
        // should a screen ever put it there (check-screens refuses that).
        var shownLine: String
        var service: ServiceControl?
        var secrets: [String] = []
        var prompts: [PromptRule] = []
        let env = environment
        var passwordFile: CommandPlan.PasswordFile?

        switch action.spec {
        case .shell(let template):
            let missing = Template.references(in: template).filter { values[$0] == nil }
            guard missing.isEmpty else { throw Problem.missingValues(missing) }
            line = Template.substitute(template, values: values.mapValues(ShellQuote.quote))
            shownLine = Template.substitute(template, values: values.mapValues(ShellQuote.quote), masked: [Answers.passwordName])
            if let password, !password.isEmpty {
                if template.contains("createuser"), template.contains(" -P") {
                    // createuser asks twice and reads with echo off; the
                    // answers go through the terminal, never argv.
                    secrets = [password]
                    prompts = Self.createuserPrompts.map { PromptRule(.text($0), response: password) }
                } else if template.contains("-U $REP_USER") {
                    secrets = [password]
                    prompts = [PromptRule(.regex(Self.libpqPrompt), response: password)]
                    let user = values["REP_USER"] ?? ""
                    let entry = "*:*:*:\(Self.pgpassEscape(user)):\(Self.pgpassEscape(password))"
                    // Without root the wizard cannot give another user a
                    // file; under sudo the command makes its own. So it
                    // does on a host over ssh, where the wizard has no
                    // files at all, and the line crosses on its terminal.
                    let wrapsWithSudo = !facts.isRoot && UserSwitch.choose(runAs: runAs, facts: facts) != .none
                    let madeThere = wrapsWithSudo || facts.reachedOverSsh
                    passwordFile = CommandPlan.PasswordFile(line: entry, owner: runAs, madeByTheCommand: madeThere)
                    if madeThere { prompts.insert(PromptRule(.text(PasswordHandoff.prompt), response: entry), at: 0) }
                }
            }
        case .service(let operation):
            let prefix = host == .secondary ? "SECONDARY" : "PRIMARY"
            guard let versionText = values["\(prefix)_PG_VERSION"], let version = PostgresMajor(versionText),
                  let cluster = values["\(prefix)_PG_CLUSTER"] else {
                throw Problem.missingValues(["\(prefix)_PG_VERSION", "\(prefix)_PG_CLUSTER"])
            }
            guard let control = ServiceControl(version: version, cluster: cluster, facts: facts,
                                               override: serviceOverride, binDirectory: values["\(prefix)_PG_BINDIR"]) else {
                throw Problem.noService("no known layout for cluster \(cluster) of version \(versionText)")
            }
            service = control
            // The lab made without root runs its servers as the operator
            // (LabUser); otherwise the method decides who may control them.
            runAs = action.runAs == .operator ? .operator : control.runAs
            line = ShellQuote.line(control.argv(operation))
            shownLine = line
        }

        let userSwitch = UserSwitch.choose(runAs: runAs, facts: facts)
        return CommandPlan(host: host, runAs: runAs, userSwitch: userSwitch, commandLine: line,
                           shownCommand: userSwitch.shown(shownLine),
                           argv: userSwitch.wrap(shellLine: CommandPlan.runLine(line, passwordFile: passwordFile)),
                           environment: env, destructive: action.destructive, secrets: secrets,
                           prompts: prompts, passwordFile: passwordFile, service: service)
    }

    /// `:` and `\` are field syntax in a password file.
    static func pgpassEscape(_ field: String) -> String {
        field.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ":", with: "\\:")
    }
}
