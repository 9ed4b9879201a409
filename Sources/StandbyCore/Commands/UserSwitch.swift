/// How a command gets to run as another OS user, and the words the screen
/// shows for it, so the operator sees the form actually used.
public enum UserSwitch: Sendable, Equatable {
    /// Already the right user.
    case none
    /// root: util-linux runuser, no password, no PAM session noise.
    case runuser(path: String, user: String)
    /// root without runuser: su with an explicit shell (postgres's login
    /// shell may be nologin-like on some systems).
    case su(path: String, user: String)
    /// A sudo-capable operator. sudo may ask for the operator's own password
    /// on the terminal; the pane forwards keystrokes for that.
    case sudo(path: String, user: String, keepEnvironment: [String])
    /// No way to become the user from here.
    case unavailable(user: String)

    public static func choose(runAs: RunAs, facts: HostFacts, keepEnvironment: [String] = []) -> UserSwitch {
        let target: String
        switch runAs {
        case .operator: return .none
        case .root:
            if facts.isRoot { return .none }
            target = "root"
        case .postgres:
            if facts.userName == "postgres" { return .none }
            target = "postgres"
        }
        if facts.isRoot {
            if let runuser = facts.runuserPath { return .runuser(path: runuser, user: target) }
            if let su = facts.suPath { return .su(path: su, user: target) }
        } else if let sudo = facts.sudoPath {
            return .sudo(path: sudo, user: target, keepEnvironment: keepEnvironment)
        }
        return .unavailable(user: target)
    }

    /// The prefix put before a shell line; nil when unavailable.
    public func wrap(shellLine line: String) -> [String]? {
        switch self {
        case .none: ["/bin/sh", "-c", line]
        case .runuser(let path, let user): [path, "-u", user, "--", "/bin/sh", "-c", line]
        case .su(let path, let user): [path, "-s", "/bin/sh", "-c", line, user]
        case .sudo(let path, let user, let keep):
            // sudo clears the environment; names listed here (never values)
            // are let through.
            [path] + (keep.isEmpty ? [] : ["--preserve-env=" + keep.joined(separator: ",")])
                + ["-u", user, "--", "/bin/sh", "-c", line]
        case .unavailable: nil
        }
    }

    /// The command as the screen shows it: the user switch, then the line.
    public func shown(_ line: String) -> String {
        switch self {
        case .none: line
        case .runuser(_, let user): "runuser -u \(user) -- " + line
        case .su(_, let user): "su -s /bin/sh -c \(ShellQuote.quote(line)) \(user)"
        case .sudo(_, let user, let keep):
            "sudo " + (keep.isEmpty ? "" : "--preserve-env=" + keep.joined(separator: ",") + " ") + "-u \(user) " + line
        case .unavailable(let user): "(cannot become \(user) here) " + line
        }
    }
}
