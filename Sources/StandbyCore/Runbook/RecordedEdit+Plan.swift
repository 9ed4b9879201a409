import Foundation

extension RecordedEdit {
    /// The changes an applied plan made, each in a form that can be made
    /// again on another copy of its file.
    static func made(by plan: StepEditPlan) -> [RecordedEdit] {
        var edits: [RecordedEdit] = []
        for edit in plan.settingEdits where edit.changesFile {
            var literal = ConfValue.literal(edit.value, for: edit.name)
            if literal.contains("password") { literal = SecretMask.maskConninfo(literal) }
            edits.append(RecordedEdit(kind: .setting, path: edit.path, name: edit.name, value: literal))
        }
        if let hba = plan.changes.first(where: { $0.role == .pgHba })?.path {
            for edit in plan.hbaEdits where edit.changesFile {
                var before: String?
                if case .insertedBefore(let shadowing, _) = edit.action { before = shadowing }
                edits.append(RecordedEdit(kind: .hbaRule, path: hba, value: edit.rule, before: before))
            }
        }
        for change in plan.changes {
            switch change.role {
            case .passwordFile:
                let old = Set(change.original.map { String(decoding: $0, as: UTF8.self) }?.split(separator: "\n").map(String.init) ?? [])
                let added = (change.proposed ?? "").split(separator: "\n").map(String.init).filter { !old.contains($0) }
                for line in added {
                    if let key = passwordEntryKey(line) { edits.append(RecordedEdit(kind: .passwordEntry, path: change.path, name: key)) }
                }
            case .standbySignal where change.original == nil:
                edits.append(RecordedEdit(kind: .emptyFile, path: change.path))
            default:
                break
            }
        }
        return edits
    }

    /// host:port:database:user of a password file line, escapes kept; the
    /// password after them is left out.
    static func passwordEntryKey(_ line: String) -> String? {
        var fields = 0
        var escaped = false
        for index in line.indices {
            let character = line[index]
            if escaped { escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            if character == ":" {
                fields += 1
                if fields == 4 { return String(line[..<index]) }
            }
        }
        return nil
    }
}
