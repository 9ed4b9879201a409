/// Why a value was refused, in words short enough to sit next to the field.
public struct InvalidValue: Error, Sendable, Equatable, ExpressibleByStringInterpolation {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public init(stringLiteral reason: String) {
        self.reason = reason
    }
}

extension FieldCheck {
    init<Success>(_ result: Result<Success, InvalidValue>) {
        switch result {
        case .success: self = .valid
        case .failure(let problem): self = .invalid(problem.reason)
        }
    }
}
