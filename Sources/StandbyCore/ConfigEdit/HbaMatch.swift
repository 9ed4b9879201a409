/// Whether an existing rule takes the connections a wanted rule is meant
/// for. The server uses the first rule that matches and never falls
/// through, so a rule above ours that matches decides alone.
///
/// Where the file cannot tell (an SSL-only rule, a group, a host name
/// against an IP, samenet), the answer is `maybe`: the editor then puts
/// the new rule above it, which is harmless when it would not have matched.
public enum HbaMatch: Sendable, Equatable {
    case no
    case maybe
    case yes

    static func all(_ parts: [HbaMatch]) -> HbaMatch {
        if parts.contains(.no) { return .no }
        return parts.allSatisfy { $0 == .yes } ? .yes : .maybe
    }

    static func any(_ parts: [HbaMatch]) -> HbaMatch {
        if parts.contains(.yes) { return .yes }
        return parts.contains(.maybe) ? .maybe : .no
    }

    /// Does `rule` match (some of) the connections `wanted` describes?
    public static func of(_ rule: HbaRule, for wanted: HbaRule) -> HbaMatch {
        all([type(rule.type, wanted.type),
             all(wanted.databases.map { database(rule.databases, $0) }),
             all(wanted.users.map { user(rule.users, $0) }),
             address(rule.address, wanted.address)])
    }

    static func type(_ have: String, _ want: String) -> HbaMatch {
        if have == want { return .yes }
        if have == "local" || want == "local" { return .no }
        // `host` takes every TCP connection; the others depend on whether
        // SSL or GSS encryption is in use, which the file does not say.
        return have == "host" ? .yes : .maybe
    }

    static func database(_ have: [HbaToken], _ want: HbaToken) -> HbaMatch {
        any(have.map { token in
            // Physical replication matches only the replication keyword;
            // `all` does not cover it.
            if want.isKeyword("replication") { return token.isKeyword("replication") ? .yes : fileOrPattern(token) }
            if token.isKeyword("all") || token.text == want.text { return .yes }
            return fileOrPattern(token)
        })
    }

    static func user(_ have: [HbaToken], _ want: HbaToken) -> HbaMatch {
        any(have.map { token in
            if token.isKeyword("all") || token.text == want.text { return .yes }
            if !token.quoted && token.text.hasPrefix("+") { return .maybe }
            return fileOrPattern(token)
        })
    }

    /// `@file` lists and (16+) `/regex` patterns: their content is not read.
    private static func fileOrPattern(_ token: HbaToken) -> HbaMatch {
        !token.quoted && (token.text.hasPrefix("@") || token.text.hasPrefix("/")) ? .maybe : .no
    }

    static func address(_ have: HbaAddress?, _ want: HbaAddress?) -> HbaMatch {
        guard let have, let want else { return have == nil && want == nil ? .yes : .no }
        switch (have, want) {
        case (.all, _): return .yes
        case (.sameHost, _), (.sameNet, _): return .maybe
        case (.network(let net), .network(let target)):
            if net.contains(target) { return .yes }
            return net.overlaps(target) ? .maybe : .no
        case (.hostName(let name), .hostName(let target)):
            if name == target || (name.hasPrefix(".") && target.hasSuffix(name)) { return .yes }
            return .maybe
        default:
            return .maybe
        }
    }
}
