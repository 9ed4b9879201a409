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
        guard let spec = VariableCatalog.spec(named: name) else { return .invalid("unknown variable") }
        let own = FieldCheck(spec.kind == .choice ? checkChoice(value, of: spec) : checkKind(spec.kind, value))
        guard own == .valid else { return own }
        return CrossChecks.check(name, value: value, answers: answers)
    }

    /// The second entry of a masked password field. Compared byte for byte:
    /// Swift's `==` treats canonically equivalent texts (é as one or two
    /// code points) as equal, but PostgreSQL would store different secrets.
    public static func checkConfirmation(password: String, confirmation: String) -> FieldCheck {
        password.utf8.elementsEqual(confirmation.utf8) ? .valid : .invalid("the two entries differ")
    }

    static func checkKind(_ kind: VariableKind, _ value: String) -> Result<Void, InvalidValue> {
        switch kind {
        case .hostAddress: HostAddress.parse(value).map { _ in }
        case .port: PortValidation.check(value).map { _ in }
        case .roleName: RoleNameValidation.check(value).map { _ in }
        case .password: PasswordValidation.check(value).map { _ in }
        case .absolutePath: PathValidation.checkAbsolute(value).map { _ in }
        case .majorVersion: VersionValidation.check(value).map { _ in }
        case .cluster: PathValidation.checkCluster(value).map { _ in }
        case .choice: .failure("no choices known")
        case .sshDestination: value == SshDestination.localWord ? .success(()) : SshDestination.parse(value).map { _ in }
        }
    }

    static func checkChoice(_ value: String, of spec: VariableSpec) -> Result<Void, InvalidValue> {
        if spec.choices.contains(value) { return .success(()) }
        return .failure(InvalidValue("type one of: " + spec.choices.joined(separator: ", ")))
    }
}
