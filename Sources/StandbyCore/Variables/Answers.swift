/// The operator's answers, keyed by variable name.
///
/// Encoding leaves the password out on purpose: this value is what gets
/// journaled, and the password must never reach a file the wizard writes.
public struct Answers: Sendable, Equatable, Codable {
    public static let passwordName = "REP_USER_PW"

    public private(set) var values: [String: String]

    public init(_ values: [String: String] = [:]) {
        self.values = values
    }

    public subscript(name: String) -> String? {
        get { values[name] }
        set { values[name] = newValue }
    }

    public var password: String? { values[Self.passwordName] }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        values = try container.decode([String: String].self)
        values[Self.passwordName] = nil
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        var safe = values
        safe[Self.passwordName] = nil
        try container.encode(safe)
    }
}
