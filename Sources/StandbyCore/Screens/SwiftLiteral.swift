/// A step written back as Swift source that builds the same value: the
/// built-in steps are compiled into the binary this way
/// (`CompiledScreens.swift`), so a fresh wizard does not parse YAML before
/// its first frame. Only the types a step is made of take part.
protocol SwiftLiteral {
    var swiftLiteral: String { get }
}

extension String: SwiftLiteral {
    var swiftLiteral: String {
        var out = "\""
        for scalar in unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case " "..."~": out.unicodeScalars.append(scalar)
            default: out += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return out + "\""
    }
}

extension Int: SwiftLiteral {
    var swiftLiteral: String { String(self) }
}

extension Bool: SwiftLiteral {
    var swiftLiteral: String { self ? "true" : "false" }
}

extension Optional: SwiftLiteral where Wrapped: SwiftLiteral {
    var swiftLiteral: String { map(\.swiftLiteral) ?? "nil" }
}

extension Array: SwiftLiteral where Element: SwiftLiteral {
    var swiftLiteral: String { "[" + map(\.swiftLiteral).joined(separator: ", ") + "]" }
}

// Sets and dictionaries in a fixed order, so the generated file changes
// only when a step does.
extension Set: SwiftLiteral where Element: SwiftLiteral {
    var swiftLiteral: String { "[" + map(\.swiftLiteral).sorted().joined(separator: ", ") + "]" }
}

extension Dictionary: SwiftLiteral where Key == String, Value: SwiftLiteral {
    var swiftLiteral: String {
        isEmpty ? "[:]" : "[" + keys.sorted().map { "\($0.swiftLiteral): \(self[$0]!.swiftLiteral)" }.joined(separator: ", ") + "]"
    }
}

/// Enums spelled by their raw value: `.init(rawValue: "...")!` would hide a
/// typo until run time, so the case name is written instead.
protocol CaseLiteral: SwiftLiteral, CaseIterable, RawRepresentable where RawValue == String {}

extension CaseLiteral {
    var swiftLiteral: String {
        // A case without a payload describes itself by its name, written
        // without the backticks `operator` needs in source.
        let name = String(describing: self)
        return name == "operator" ? ".`operator`" : "." + name
    }
}

extension HostRole: CaseLiteral {}
extension WizardMode: CaseLiteral {}
extension DataLayout: CaseLiteral {}
extension HostsInReach: CaseLiteral {}
extension RunAs: CaseLiteral {}
extension ServiceOperation: CaseLiteral {}
extension CommandGuard: CaseLiteral {}
extension ConfigFileKind: CaseLiteral {}
extension GateSignal: CaseLiteral {}
extension VerifyCheck: CaseLiteral {}

extension SourceLocation: SwiftLiteral {
    var swiftLiteral: String { "SourceLocation(file: \(file.swiftLiteral), line: \(line))" }
}

extension PostgresMajor: SwiftLiteral {
    var swiftLiteral: String { "PostgresMajor(\(first), \(second))" }
}

extension VersionRange: SwiftLiteral {
    var swiftLiteral: String {
        "VersionRange(lower: \(lower.swiftLiteral), upper: \(upper.swiftLiteral), upperInclusive: \(upperInclusive.swiftLiteral), "
            + "lowerInclusive: \(lowerInclusive.swiftLiteral), text: \(text.swiftLiteral))"
    }
}

extension ScreenCondition: SwiftLiteral {
    var swiftLiteral: String {
        self == .always ? ".always"
            : "ScreenCondition(versions: \(versions.swiftLiteral), modes: \(modes.swiftLiteral), layouts: \(layouts.swiftLiteral), "
            + "hosts: \(hosts.swiftLiteral), choices: \(choices.swiftLiteral))"
    }
}

extension CommandSpec: SwiftLiteral {
    var swiftLiteral: String {
        switch self {
        case .shell(let line): ".shell(\(line.swiftLiteral))"
        case .service(let operation): ".service(\(operation.swiftLiteral))"
        }
    }
}

extension ConfigSetting: SwiftLiteral {
    var swiftLiteral: String { "ConfigSetting(name: \(name.swiftLiteral), value: \(value.swiftLiteral))" }
}

extension HbaRuleTemplate: SwiftLiteral {
    var swiftLiteral: String {
        "HbaRuleTemplate(type: \(type.swiftLiteral), database: \(database.swiftLiteral), user: \(user.swiftLiteral), "
            + "address: \(address.swiftLiteral), method: \(method.swiftLiteral))"
    }
}

extension StepAction: SwiftLiteral {
    var swiftLiteral: String {
        switch self {
        case .info:
            ".info"
        case .form(let form):
            ".form(FormAction(fields: \(form.fields.swiftLiteral)))"
        case .command(let command):
            ".command(CommandAction(spec: \(command.spec.swiftLiteral), runAs: \(command.runAs.swiftLiteral), "
                + "destructive: \(command.destructive.swiftLiteral), guardedBy: \(command.guardedBy.swiftLiteral), "
                + "timeoutSeconds: \(command.timeoutSeconds.swiftLiteral)))"
        case .edit(let edit):
            ".edit(EditAction(file: \(edit.file.swiftLiteral), settings: \(edit.settings.swiftLiteral), hbaRules: \(edit.hbaRules.swiftLiteral)))"
        case .gate(let gate):
            ".gate(GateAction(expect: \(gate.expect.swiftLiteral), timeoutSeconds: \(gate.timeoutSeconds)))"
        case .verify(let verify):
            ".verify(VerifyAction(checks: \(verify.checks.swiftLiteral)))"
        }
    }
}

extension ScreenDefinition: SwiftLiteral {
    var swiftLiteral: String {
        let fields = ["id: \(id.swiftLiteral)", "title: \(title.swiftLiteral)", "host: \(host.swiftLiteral)",
                      "text: \(text.swiftLiteral)", "help: \(help.swiftLiteral)", "condition: \(condition.swiftLiteral)",
                      "action: \(action.swiftLiteral)", "location: \(location.swiftLiteral)"]
        return "ScreenDefinition(\n            " + fields.joined(separator: ",\n            ") + ")"
    }
}

/// The whole of `CompiledScreens.swift` for `screens`.
enum CompiledScreensSource {
    static func file(for screens: [ScreenDefinition]) -> String {
        var out = """
        // Generated from screens/ by `bash .dev/copy-screens` (CompiledScreensTests
        // writes it); do not edit. The built-in steps as values, so that a fresh
        // wizard draws its first frame without parsing YAML.

        enum CompiledScreens {
            static let screens: [ScreenDefinition] = [

        """
        for screen in screens { out += "        " + screen.swiftLiteral + ",\n" }
        out += "    ]\n}\n"
        return out
    }
}
