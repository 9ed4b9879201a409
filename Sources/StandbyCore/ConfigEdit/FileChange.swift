/// What a file is to the procedure, which decides how a change to it comes
/// into force and how it is shown.
public enum EditFileRole: String, Sendable, Codable, Equatable {
    case postgresqlConf = "postgresql.conf"
    case includedConf = "included configuration file"
    case autoConf = "postgresql.auto.conf"
    case pgHba = "pg_hba.conf"
    case recoveryConf = "recovery.conf"
    case standbySignal = "standby.signal"
    case passwordFile = "password file"

    /// The role a path plays, from its name (for undo, which starts from
    /// paths alone).
    public static func guess(fromPath path: String) -> EditFileRole {
        switch ConfPath.baseName(path) {
        case "postgresql.conf": .postgresqlConf
        case "postgresql.auto.conf": .autoConf
        case "pg_hba.conf": .pgHba
        case "recovery.conf": .recoveryConf
        case "standby.signal": .standbySignal
        case ".pgpass": .passwordFile
        default: .includedConf
        }
    }

    var mask: SecretMask { self == .passwordFile ? .passwordFileField : .conninfoPassword }
}

/// One file's planned change: the bytes it was planned against and the
/// text it will have. The writer refuses when the bytes on disk are no
/// longer these, so what was shown is what gets replaced.
public struct FileChange: Sendable, Equatable {
    public var path: String
    public var role: EditFileRole
    /// nil when the file does not exist yet.
    public var original: [UInt8]?
    public var encoding: FileTextEncoding
    /// nil removes the file (undo of a file the wizard created).
    public var proposed: String?
    /// For a new file: its owner and permissions.
    public var newFileOwner: UInt32?
    public var newFileGroup: UInt32?
    public var newFilePermissions: UInt32
    /// Set even on an existing file (the password file must be 0600).
    public var forcedPermissions: UInt32?
    public var mask: SecretMask

    public init(path: String, role: EditFileRole, original: [UInt8]?, encoding: FileTextEncoding = .utf8,
                proposed: String?, newFileOwner: UInt32? = nil, newFileGroup: UInt32? = nil,
                newFilePermissions: UInt32 = 0o600, forcedPermissions: UInt32? = nil, mask: SecretMask = .none) {
        self.path = path
        self.role = role
        self.original = original
        self.encoding = encoding
        self.proposed = proposed
        self.newFileOwner = newFileOwner
        self.newFileGroup = newFileGroup
        self.newFilePermissions = newFilePermissions
        self.forcedPermissions = forcedPermissions
        self.mask = mask
    }

    public var originalText: String { original.map { FileText(bytes: $0).text } ?? "" }
    public var createsFile: Bool { original == nil && proposed != nil }
    public var removesFile: Bool { original != nil && proposed == nil }

    /// The bytes to write; nil when removing.
    public func proposedBytes() throws -> [UInt8]? {
        guard let proposed else { return nil }
        guard let bytes = FileText(text: proposed, encoding: encoding).encoded() else {
            throw EditPlanError.notEncodable(path: path)
        }
        return bytes
    }

    public var changesSomething: Bool {
        guard proposed != nil else { return original != nil }
        guard let original else { return true }
        return (try? proposedBytes()) != original
    }

    /// The diff with the real text: what will be written. Not for display
    /// when the file holds passwords; use `displayDiff`.
    public var diff: UnifiedDiff { UnifiedDiff(old: originalText, new: proposed ?? "") }

    /// The diff with passwords replaced by a mask, for screens and plans.
    public var displayDiff: UnifiedDiff { diff.masked(mask.apply) }

    /// `--- path` / `+++ path` text, masked; a new file is diffed against
    /// /dev/null as diff -N does.
    public func displayText() -> String {
        let old = original == nil ? "/dev/null" : path
        let new = proposed == nil ? "/dev/null" : path
        let text = displayDiff.text(oldLabel: old, newLabel: new)
        if text.isEmpty && createsFile { return "--- /dev/null\n+++ \(path)\n(new empty file)\n" }
        return text
    }

    public var safeWrite: SafeWrite {
        get throws {
            SafeWrite(path: path, content: try proposedBytes(), expected: original, newFileOwner: newFileOwner,
                      newFileGroup: newFileGroup, newFilePermissions: newFilePermissions,
                      forcedPermissions: forcedPermissions)
        }
    }
}
