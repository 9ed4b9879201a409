/// Where a database host is reached with ssh, as the operator wrote it:
/// `host`, `user@host` or `ssh://user@host:port`. It goes to the system's
/// ssh client unchanged, so ~/.ssh/config aliases, its User and Port lines,
/// the agent and known_hosts all apply. `local` (or nothing) is this
/// machine.
public struct SshDestination: Sendable, Equatable, Hashable, CustomStringConvertible {
    public let text: String

    public static let localWord = "local"

    /// nil for this machine.
    public static func from(answer: String?) -> SshDestination? {
        guard let answer, !answer.isEmpty, answer != localWord else { return nil }
        return try? parse(answer).get()
    }

    public static func parse(_ text: String) -> Result<SshDestination, InvalidValue> {
        if text.isEmpty { return .failure("enter local or an ssh destination such as root@db1") }
        if text == localWord { return .failure("local is this machine, not an ssh destination") }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            return .failure("no spaces allowed")
        }
        // ssh would read a leading dash as one of its own options.
        if text.hasPrefix("-") { return .failure("a destination cannot start with -") }
        var rest = Substring(text)
        if rest.hasPrefix("ssh://") {
            rest = rest.dropFirst("ssh://".count)
            if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("]") {
                let port = rest[rest.index(after: colon)...]
                guard let number = Int(port), (1...65535).contains(number) else {
                    return .failure("the port after : must be a number from 1 to 65535")
                }
                rest = rest[..<colon]
            }
        }
        let host = rest.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).last ?? ""
        if rest.filter({ $0 == "@" }).count > 1 { return .failure("use one @ between user and host") }
        if host.isEmpty || host == "[]" { return .failure("the host is missing after @") }
        if rest.hasPrefix("@") { return .failure("the user is missing before @") }
        if host.contains("/") { return .failure("a destination holds no /; write ssh://user@host:port") }
        return .success(SshDestination(text: text))
    }

    /// The host part, for messages and the commands that fix a host key.
    public var hostName: String {
        var rest = Substring(text)
        if rest.hasPrefix("ssh://") {
            rest = rest.dropFirst("ssh://".count)
            if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("]") { rest = rest[..<colon] }
        }
        let host = rest.split(separator: "@").last.map(String.init) ?? String(rest)
        return host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// The port of an ssh:// destination; nil leaves it to ssh and its config.
    public var port: Int? {
        guard text.hasPrefix("ssh://"), let colon = text.lastIndex(of: ":"),
              !text[colon...].contains("]") else { return nil }
        return Int(text[text.index(after: colon)...])
    }

    public var description: String { text }
}
