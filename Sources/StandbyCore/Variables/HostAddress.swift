#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A database host as the operator named it: an IP literal or a host name.
public enum HostAddress: Sendable, Equatable {
    case ipv4(String)
    /// In the canonical text inet_ntop gives (`2001:db8::1`), so that two
    /// spellings of one address compare equal and pg_hba.conf gets one form.
    case ipv6(String)
    case hostName(String)

    /// The pg_hba.conf address column for this one host: a single-host CIDR
    /// for IP literals. A host name goes in as written; PostgreSQL checks it
    /// by reverse and forward DNS on each connection.
    public var hbaAddress: String {
        switch self {
        case .ipv4(let text): "\(text)/32"
        case .ipv6(let text): "\(text)/128"
        case .hostName(let text): text
        }
    }

    /// Host names are case-insensitive; IP texts are already canonical.
    var comparisonKey: String {
        switch self {
        case .ipv4(let text), .ipv6(let text): text
        case .hostName(let text): text.lowercased()
        }
    }

    public static func parse(_ text: String) -> Result<HostAddress, InvalidValue> {
        if text.isEmpty { return .failure("enter an IP address or host name") }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace }) {
            return .failure("no spaces allowed")
        }
        if text.hasPrefix("[") || text.hasSuffix("]") {
            return .failure("write the IPv6 address without [ ]")
        }
        if text.contains("/") { return .failure("one address only, without a /prefix length") }
        if text.contains("%") { return .failure("zone ids such as %eth0 are not allowed") }
        if text.contains(":") { return parseIPv6(text) }
        if text.allSatisfy({ $0 == "." || ("0"..."9").contains($0) }) { return parseIPv4(text) }
        return parseHostName(text)
    }

    private static func parseIPv4(_ text: String) -> Result<HostAddress, InvalidValue> {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let shape = "IPv4 is four numbers 0-255, e.g. 192.0.2.10"
        guard parts.count == 4 else { return .failure(InvalidValue(shape)) }
        for part in parts {
            guard !part.isEmpty, part.count <= 3, let number = Int(part), number <= 255 else {
                return .failure(InvalidValue(shape))
            }
            // inet_aton reads 010 as octal 8; refuse rather than guess.
            if part.count > 1 && part.hasPrefix("0") { return .failure("leading zeros are ambiguous (octal?)") }
        }
        if text == "0.0.0.0" { return .failure("0.0.0.0 is not a host's address") }
        return .success(.ipv4(text))
    }

    private static func parseIPv6(_ text: String) -> Result<HostAddress, InvalidValue> {
        var address = in6_addr()
        guard text.allSatisfy(\.isASCII), inet_pton(AF_INET6, text, &address) == 1 else {
            return .failure("not a valid IPv6 address")
        }
        if withUnsafeBytes(of: address, { $0.allSatisfy { $0 == 0 } }) {
            return .failure(":: is not a host's address")
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else {
            return .failure("not a valid IPv6 address")
        }
        let canonical = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return .success(.ipv6(canonical))
    }

    /// RFC 1123 host names: dot-separated labels of letters, digits and
    /// hyphens. A trailing dot is refused because pg_hba.conf compares the
    /// name with reverse DNS text, which carries none.
    private static func parseHostName(_ text: String) -> Result<HostAddress, InvalidValue> {
        if text.utf8.count > 253 { return .failure("a host name has at most 253 characters") }
        if text.hasSuffix(".") { return .failure("remove the trailing dot") }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            if label.isEmpty { return .failure("empty part in host name (two dots?)") }
            guard label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                return .failure("host names use letters, digits, - and . only")
            }
            if label.count > 63 { return .failure("a host name part has at most 63 characters") }
            if label.hasPrefix("-") || label.hasSuffix("-") {
                return .failure("a host name part cannot start or end with -")
            }
        }
        if let last = labels.last, last.allSatisfy(\.isNumber) {
            return .failure("the last part of a host name cannot be all digits")
        }
        return .success(.hostName(text))
    }
}
