/// The one line above a diff: what the step's edit amounts to, counted in
/// the operator's terms (settings, rules, files) rather than lines.
public struct EditSummary: Sendable, Equatable, CustomStringConvertible {
    public var settingsChanged = 0
    public var settingsAdded = 0
    public var settingsKept = 0
    public var rulesAdded = 0
    public var rulesKept = 0
    public var passwordEntries = 0
    public var filesCreated = 0
    public var filesRemoved = 0
    public var filesRestored = 0
    /// Lines added and removed by the operator in $EDITOR.
    public var handAdded = 0
    public var handRemoved = 0
    /// The operator changed the proposed text in $EDITOR: the counts
    /// above describe the wizard's proposal, not the operator's version.
    public var editedByHand = false

    public init() {}

    public var changesSomething: Bool {
        settingsChanged + settingsAdded + rulesAdded + passwordEntries + filesCreated + filesRemoved + filesRestored > 0
            || editedByHand
    }

    public var description: String {
        if editedByHand {
            return "edited by hand: \(handAdded) line\(handAdded == 1 ? "" : "s") added, \(handRemoved) removed"
        }
        var parts: [String] = []
        func count(_ n: Int, _ one: String, _ many: String, _ verb: String) {
            if n > 0 { parts.append("\(n) \(n == 1 ? one : many) \(verb)") }
        }
        count(settingsChanged, "setting", "settings", "changed")
        count(settingsAdded, "setting", "settings", "added")
        count(rulesAdded, "rule", "rules", "added")
        count(passwordEntries, "password file entry", "password file entries", "written")
        count(filesCreated, "file", "files", "created")
        count(filesRemoved, "file", "files", "removed")
        count(filesRestored, "file", "files", "restored from backup")
        if parts.isEmpty { return "no change: already as wanted" }
        return parts.joined(separator: ", ")
    }
}
