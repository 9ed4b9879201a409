#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IP network: address bytes (4 or 16) and a prefix length.
public struct HbaNetwork: Sendable, Equatable {
    public var bytes: [UInt8]
    public var prefix: Int

    /// True when every address of `other` is in this network.
    func contains(_ other: HbaNetwork) -> Bool {
        bytes.count == other.bytes.count && other.prefix >= prefix && samePrefix(other, bits: prefix)
    }

    func overlaps(_ other: HbaNetwork) -> Bool {
        bytes.count == other.bytes.count && samePrefix(other, bits: min(prefix, other.prefix))
    }

    private func samePrefix(_ other: HbaNetwork, bits: Int) -> Bool {
        for bit in 0..<bits {
            let mask = UInt8(0x80) >> UInt8(bit % 8)
            if bytes[bit / 8] & mask != other.bytes[bit / 8] & mask { return false }
        }
        return true
    }
}

/// The address column of a host rule.
public enum HbaAddress: Sendable, Equatable {
    case all
    case sameHost
    case sameNet
    case network(HbaNetwork)
    /// A host name, or `.example.com` for every name ending so; matched by
    /// reverse DNS of the client's address.
    case hostName(String)

    struct Problem: Error {
        var reason: String
    }

    static func parse(_ token: HbaToken) -> Result<HbaAddress, Problem> {
        if token.isKeyword("all") { return .success(.all) }
        if token.isKeyword("samehost") { return .success(.sameHost) }
        if token.isKeyword("samenet") { return .success(.sameNet) }
        let text = token.text
        if let slash = text.firstIndex(of: "/") {
            let ipText = String(text[..<slash])
            guard let ip = parseIP(ipText) else { return .failure(Problem(reason: "invalid IP address \"\(ipText)\"")) }
            let prefixText = text[text.index(after: slash)...]
            guard let prefix = Int(prefixText), prefix >= 0, prefix <= ip.count * 8 else {
                return .failure(Problem(reason: "invalid CIDR mask in address \"\(text)\""))
            }
            return .success(.network(HbaNetwork(bytes: ip, prefix: prefix)))
        }
        if let ip = parseIP(text) { return .success(.network(HbaNetwork(bytes: ip, prefix: ip.count * 8))) }
        return .success(.hostName(text.lowercased()))
    }

    /// IPv4 or IPv6 text to its bytes.
    static func parseIP(_ text: String) -> [UInt8]? {
        guard !text.isEmpty, text.allSatisfy(\.isASCII) else { return nil }
        if text.contains(":") {
            var address = in6_addr()
            guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
            return withUnsafeBytes(of: address) { Array($0) }
        }
        var address = in_addr()
        guard text.allSatisfy({ $0 == "." || $0.isNumber }), inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: address) { Array($0) }
    }

    /// The prefix length of a netmask such as 255.255.255.0; nil unless
    /// its one-bits are contiguous and it is of the address's family.
    static func prefixLength(ofMask text: String, family: Int) -> Int? {
        guard let bytes = parseIP(text), bytes.count == family else { return nil }
        var prefix = 0
        var seenZero = false
        for byte in bytes {
            for bit in 0..<8 {
                let one = byte & (UInt8(0x80) >> UInt8(bit)) != 0
                if one && seenZero { return nil }
                if one { prefix += 1 } else { seenZero = true }
            }
        }
        return prefix
    }
}
