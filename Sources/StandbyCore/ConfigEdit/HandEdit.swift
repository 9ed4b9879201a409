import Foundation

/// The operator's `e` on a diff: the proposed text goes to $EDITOR, what
/// comes back replaces the proposal, and the step is checked again so the
/// screen can say whether the hand-made version still does what the step
/// is for.
public enum HandEdit {
    /// `$EDITOR` run through /bin/sh, so that a value such as `emacs -nw`
    /// or `code --wait` works, with the file as its argument; `vi` without
    /// EDITOR.
    public static func editorCommand(for file: String, environment: [String: String]) -> [String] {
        let editor = (environment["EDITOR"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !editor.isEmpty else { return ["vi", file] }
        return ["/bin/sh", "-c", editor + " \"$1\"", "sh", file]
    }

    /// Writes the proposal to a new private directory (mode 0700, file
    /// 0600: a password file's proposal holds a password), under the
    /// file's own name so the editor picks the right syntax.
    public static func prepare(_ change: FileChange) throws -> String {
        var template = Array((NSTemporaryDirectory() + "standby-wizard-edit-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw SafeWriteError.system(path: NSTemporaryDirectory(), operation: "mkdtemp", errno: errno)
        }
        let directory = String(cString: made)
        let path = ConfPath.join(directory, ConfPath.baseName(change.path))
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SafeWriteError.system(path: path, operation: "create", errno: errno) }
        defer { close(fd) }
        let bytes = Array((change.proposed ?? "").utf8)
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw SafeWriteError.system(path: path, operation: "write", errno: errno)
        }
        return path
    }

    /// Reads what the editor left and removes the file and its directory.
    public static func finish(_ path: String) throws -> String {
        defer {
            unlink(path)
            rmdir(ConfPath.directory(of: path))
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw HostAccessError.cannotRead(path) }
        return String(decoding: data, as: UTF8.self)
    }

    /// `plan` with `text` as the new content of `path`. The step is planned
    /// again over that text: whatever it would still change is listed in
    /// the notes, so an operator who removed a needed line hears of it.
    public static func replace(_ path: String, with text: String, in plan: StepEditPlan, step: ScreenDefinition,
                               answers: Answers, host: any HostAccess, now: Date,
                               options: EditOptions = EditOptions()) throws -> StepEditPlan {
        guard let index = plan.changes.firstIndex(where: { $0.path == path }) else { return plan }
        var result = plan
        result.changes[index].proposed = text
        var recheckOptions = options
        recheckOptions.overrides[path] = text
        let recheck = try EditPlanner.plan(step, answers: answers, host: host, now: now, options: recheckOptions)
        let missing = recheck.settingEdits.filter(\.changesFile).map(\.description)
            + recheck.hbaEdits.filter(\.changesFile).map(\.description)
        result.notes.removeAll { $0.hasPrefix(Self.stillWantedPrefix) }
        if recheck.changes.contains(where: { $0.path == path }), !missing.isEmpty {
            result.notes.append(Self.stillWantedPrefix + missing.joined(separator: "; "))
        }
        let diff = result.changes[index].diff
        var summary = EditSummary()
        summary.editedByHand = true
        summary.handAdded = diff.addedCount
        summary.handRemoved = diff.removedCount
        result.summary = summary
        return result
    }

    static let stillWantedPrefix = "Your version does not yet do all this step wants; the wizard would still change: "
}
