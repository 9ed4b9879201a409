/// The verdict on one field, with the reason shown next to it.
public enum FieldCheck: Sendable, Equatable {
    case valid
    case invalid(String)

    public var reason: String? {
        if case .invalid(let reason) = self { return reason }
        return nil
    }
}

public enum VariableValidator {
    /// Checks one value as typed. `answers` gives the other fields, for the
    /// checks that compare (secondary version equals primary's, the two
    /// hosts are not the same address and port).
    public static func check(_ name: String, value: String, answers: Answers) -> FieldCheck {
        // CONTRACT STUB: replaced by the real validators (see brief).
        .valid
    }
}
