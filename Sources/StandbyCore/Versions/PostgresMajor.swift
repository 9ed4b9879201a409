import Foundation

/// A PostgreSQL major version: 9.5 and 9.6 have two parts, 10 onward one.
public struct PostgresMajor: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let first: Int
    /// Only meaningful before 10 (9.5, 9.6); zero from 10 on.
    public let second: Int

    public init(_ first: Int, _ second: Int = 0) {
        self.first = first
        self.second = first >= 10 ? 0 : second
    }

    /// Accepts "9.5", "9.6", "10" ... and tolerates a minor ("15.4", "9.5.25").
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard let head = parts.first, let first = Int(head), first > 0,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && Int($0) != nil }) else { return nil }
        if first < 10 {
            guard parts.count >= 2, let second = Int(parts[1]) else { return nil }
            self.init(first, second)
        } else {
            self.init(first)
        }
    }

    /// From `server_version_num` (90524, 150004, ...).
    public init?(serverVersionNum: Int) {
        guard serverVersionNum >= 90000 else { return nil }
        if serverVersionNum < 100000 {
            self.init(serverVersionNum / 10000, (serverVersionNum / 100) % 100)
        } else {
            self.init(serverVersionNum / 10000)
        }
    }

    public var description: String { first < 10 ? "\(first).\(second)" : "\(first)" }

    public static func < (lhs: PostgresMajor, rhs: PostgresMajor) -> Bool {
        (lhs.first, lhs.second) < (rhs.first, rhs.second)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let version = PostgresMajor(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a PostgreSQL major version: \(text)"))
        }
        self = version
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The majors the wizard knows how to handle, oldest first.
    public static let supported: [PostgresMajor] =
        [PostgresMajor(9, 5), PostgresMajor(9, 6)] + (10...18).map { PostgresMajor($0) }

    public var isSupported: Bool { Self.supported.contains(self) }
}

/// A set of majors written in a screen condition: "12", ">=12", "<12",
/// "9.5-11", ">=9.6", "any".
public struct VersionRange: Hashable, Sendable, CustomStringConvertible {
    public var lower: PostgresMajor?
    public var upper: PostgresMajor?
    public var upperInclusive: Bool
    public var lowerInclusive: Bool
    public let text: String

    public func contains(_ version: PostgresMajor) -> Bool {
        if let lower {
            if lowerInclusive ? version < lower : version <= lower { return false }
        }
        if let upper {
            if upperInclusive ? version > upper : version >= upper { return false }
        }
        return true
    }

    public var description: String { text }

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case unknownVersion(String)
        case empty(String)

        public var description: String {
            switch self {
            case .malformed(let t): "cannot read version range \"\(t)\" (write e.g. \"12\", \">=12\", \"<12\" or \"9.5-11\")"
            case .unknownVersion(let t): "\"\(t)\" is not a PostgreSQL major version the wizard knows (9.5 to 18)"
            case .empty(let t): "version range \"\(t)\" contains no version"
            }
        }
    }

    public static func parse(_ raw: String) throws(ParseError) -> VersionRange {
        let text = raw.trimmingCharacters(in: .whitespaces)
        func version(_ s: Substring) throws(ParseError) -> PostgresMajor {
            let s = s.trimmingCharacters(in: .whitespaces)
            guard let v = PostgresMajor(s) else { throw .malformed(raw) }
            guard v.isSupported else { throw .unknownVersion(s) }
            return v
        }
        var range: VersionRange
        if text == "any" || text == "*" {
            range = VersionRange(lower: nil, upper: nil, upperInclusive: true, lowerInclusive: true, text: text)
        } else if text.hasPrefix(">=") {
            range = VersionRange(lower: try version(text.dropFirst(2)), upper: nil, upperInclusive: true, lowerInclusive: true, text: text)
        } else if text.hasPrefix("<=") {
            range = VersionRange(lower: nil, upper: try version(text.dropFirst(2)), upperInclusive: true, lowerInclusive: true, text: text)
        } else if text.hasPrefix(">") {
            range = VersionRange(lower: try version(text.dropFirst(1)), upper: nil, upperInclusive: true, lowerInclusive: false, text: text)
        } else if text.hasPrefix("<") {
            range = VersionRange(lower: nil, upper: try version(text.dropFirst(1)), upperInclusive: false, lowerInclusive: true, text: text)
        } else if let dash = text.firstIndex(of: "-") {
            let low = try version(text[..<dash])
            let high = try version(text[text.index(after: dash)...])
            range = VersionRange(lower: low, upper: high, upperInclusive: true, lowerInclusive: true, text: text)
        } else {
            let v = try version(Substring(text))
            range = VersionRange(lower: v, upper: v, upperInclusive: true, lowerInclusive: true, text: text)
        }
        guard PostgresMajor.supported.contains(where: range.contains) else { throw .empty(raw) }
        return range
    }
}
