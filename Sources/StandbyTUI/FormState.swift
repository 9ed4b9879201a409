import StandbyCore

/// One row of a form: a variable, or the second entry of the password.
struct FormRow: Equatable {
    var spec: VariableSpec
    var isConfirmation: Bool

    var key: String { isConfirmation ? spec.name + "#again" : spec.name }
    var label: String { isConfirmation ? "Password again" : spec.label }
}

/// The editing state of the form on screen. Values reach the answers only
/// when the whole form is valid and submitted.
struct FormState: Equatable {
    let screenID: String
    let rows: [FormRow]
    var fields: [String: TextField]
    /// 0..<rows.count are fields; then the Back and Continue buttons.
    var focus: Int = 0
    var submitAttempted = false

    var backButton: Int { rows.count }
    var continueButton: Int { rows.count + 1 }
    var focusCount: Int { rows.count + 2 }

    init(screenID: String, fieldNames: [String], values: [String: String]) {
        self.screenID = screenID
        var rows: [FormRow] = []
        for name in fieldNames {
            guard let spec = VariableCatalog.spec(named: name) else { continue }
            rows.append(FormRow(spec: spec, isConfirmation: false))
            if spec.kind == .password { rows.append(FormRow(spec: spec, isConfirmation: true)) }
        }
        self.rows = rows
        var fields: [String: TextField] = [:]
        for row in rows {
            fields[row.key] = TextField(values[row.spec.name] ?? row.spec.defaultValue ?? "")
        }
        self.fields = fields
    }

    func value(of row: FormRow) -> String { fields[row.key]?.text ?? "" }

    /// The answers as they would be with this form's current text.
    func merged(into answers: Answers) -> Answers {
        var merged = answers
        for row in rows where !row.isConfirmation { merged[row.spec.name] = value(of: row) }
        return merged
    }

    func check(_ row: FormRow, answers: Answers) -> FieldCheck {
        let merged = merged(into: answers)
        if row.isConfirmation {
            return VariableValidator.checkConfirmation(password: merged[row.spec.name] ?? "", confirmation: value(of: row))
        }
        return VariableValidator.check(row.spec.name, value: value(of: row), answers: merged)
    }

    /// Errors are shown for touched fields, preloaded non-empty values, and
    /// every field after a submit was refused.
    func shownError(_ row: FormRow, answers: Answers) -> String? {
        guard let field = fields[row.key] else { return nil }
        guard submitAttempted || field.touched || !field.text.isEmpty else { return nil }
        return check(row, answers: answers).reason
    }

    func firstInvalidRow(answers: Answers) -> Int? {
        rows.indices.first { check(rows[$0], answers: answers) != .valid }
    }

    var focusedRow: FormRow? { focus < rows.count ? rows[focus] : nil }
}
