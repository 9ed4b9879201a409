/// Checks that compare a value with other answers. They only speak when the
/// other answer is itself valid: a bad primary field is reported on its own
/// field, not blamed on the secondary.
enum CrossChecks {
    static func check(_ name: String, value: String, answers: Answers) -> FieldCheck {
        switch name {
        case "SECONDARY_PG_VERSION": secondaryVersion(value, answers: answers)
        case "SECONDARY_PG_IP", "SECONDARY_PG_PORT": distinctHosts(name, value: value, answers: answers)
        default: .valid
        }
    }

    private static func secondaryVersion(_ value: String, answers: Answers) -> FieldCheck {
        guard let primaryText = answers["PRIMARY_PG_VERSION"],
              case .success(let primary) = VersionValidation.check(primaryText),
              case .success(let secondary) = VersionValidation.check(value),
              primary != secondary else { return .valid }
        return .invalid("must match the primary's version (\(primary))")
    }

    /// Two servers on one machine are fine (a lab) as long as the ports
    /// differ. A port not answered yet counts as its default, which is what
    /// the form will hold.
    private static func distinctHosts(_ name: String, value: String, answers: Answers) -> FieldCheck {
        func answer(_ key: String) -> String? {
            key == name ? value : (answers[key] ?? VariableCatalog.spec(named: key)?.defaultValue)
        }
        guard let primaryIP = answer("PRIMARY_PG_IP"), let secondaryIP = answer("SECONDARY_PG_IP"),
              let primaryPort = answer("PRIMARY_PG_PORT"), let secondaryPort = answer("SECONDARY_PG_PORT"),
              case .success(let primaryAddress) = HostAddress.parse(primaryIP),
              case .success(let secondaryAddress) = HostAddress.parse(secondaryIP),
              case .success(let pPort) = PortValidation.check(primaryPort),
              case .success(let sPort) = PortValidation.check(secondaryPort),
              primaryAddress.comparisonKey == secondaryAddress.comparisonKey, pPort == sPort else { return .valid }
        return .invalid(name == "SECONDARY_PG_IP" ? "same address and port as the primary"
                                                  : "same port as the primary on the same address")
    }
}
