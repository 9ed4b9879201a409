/// What went wrong between this machine and a host's sshd, said plainly,
/// with the command that puts it right. Read from ssh's own messages,
/// which have kept their wording across OpenSSH releases.
public struct SshProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case hostKeyUnknown, hostKeyChanged, authentication, refused, unreachable, timedOut, lost, nameUnknown, other
    }

    public var kind: Kind
    public var destination: SshDestination
    /// ssh's own last line, kept for the transcript.
    public var sshSaid: String

    public var description: String {
        let host = destination.hostName
        let portFlag = destination.port.map { " -p \($0)" } ?? ""
        switch kind {
        case .hostKeyUnknown:
            return "ssh does not know \(host)'s host key yet, and the wizard never accepts one unseen. "
                + "See its fingerprint with: ssh-keyscan\(portFlag) \(host) | ssh-keygen -lf - ; "
                + "if the host's administrator confirms it, accept it with: ssh\(portFlag) \(destination) true"
        case .hostKeyChanged:
            return "\(host)'s host key differs from the one in known_hosts: a reinstalled host, or someone in between. "
                + "Once you know which, remove the old key with: ssh-keygen -R \(host)"
        case .authentication:
            return "\(destination) refused the login: no key it accepts. Load the key in your agent (ssh-add) "
                + "or install it on the host (ssh-copy-id\(portFlag) \(destination)), then try: ssh\(portFlag) \(destination) true"
        case .refused:
            return "nothing answers ssh on \(host)\(destination.port.map { " port \($0)" } ?? ""): is sshd running there, on that port?"
        case .unreachable:
            return "\(host) cannot be reached from here (no route to host). Check the address and the network."
        case .timedOut:
            return "\(host) did not answer within 10 s: a firewall, or the host is down."
        case .lost:
            return "the connection to \(host) was lost in the middle of the step. When the host is back, retry the step."
        case .nameUnknown:
            return "\(host) is not a name this machine can look up. Use its IP address, or a Host entry in ~/.ssh/config."
        case .other:
            return "ssh to \(destination) failed: \(sshSaid)"
        }
    }

    static func classify(_ stderr: String, destination: SshDestination) -> SshProblem {
        let said = stderr.split(whereSeparator: \.isNewline).last.map(String.init) ?? "no message"
        let text = stderr.lowercased()
        let kind: Kind
        if text.contains("remote host identification has changed") || text.contains("host key for") && text.contains("has changed") {
            kind = .hostKeyChanged
        } else if text.contains("host key verification failed") || text.contains("no ") && text.contains("host key is known") {
            kind = .hostKeyUnknown
        } else if text.contains("permission denied") || text.contains("too many authentication failures") {
            kind = .authentication
        } else if text.contains("connection refused") {
            kind = .refused
        } else if text.contains("no route to host") || text.contains("network is unreachable") {
            kind = .unreachable
        } else if text.contains("timed out") {
            kind = .timedOut
        } else if text.contains("could not resolve hostname") || text.contains("name or service not known") {
            kind = .nameUnknown
        } else if text.contains("broken pipe") || text.contains("connection reset") || text.contains("closed by remote host")
                    || text.contains("timeout, server") || text.contains("connection closed") || text.contains("mux_client") {
            kind = .lost
        } else {
            kind = .other
        }
        return SshProblem(kind: kind, destination: destination, sshSaid: said)
    }
}

extension SshProblem {
    public static let diagnosisID = "ssh"

    /// A command on a host over ssh that ended with ssh's own status 255
    /// and one of ssh's complaints in its output: the link, not the
    /// command, failed. nil when the output shows no such complaint (the
    /// program itself may exit 255).
    public static func diagnosis(output: [String], destination: SshDestination) -> Diagnosis? {
        let said = output.filter { line in
            let lower = line.lowercased()
            return lower.contains("ssh:") || lower.contains("client_loop:") || lower.contains("timeout, server")
                || lower.contains("closed by remote host") || lower.contains("host key verification failed")
                || lower.contains("permission denied (")
        }
        guard !said.isEmpty else { return nil }
        let problem = classify(said.joined(separator: "\n"), destination: destination)
        return Diagnosis(failureID: diagnosisID, explanation: problem.description, backTo: [], lines: Array(said.suffix(2)))
    }
}
