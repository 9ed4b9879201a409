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

/// Hides passwords in anything shown: a diff of a password file or of a
/// primary_conninfo with a password must not put it on the screen or in a
/// plan's output.
public enum SecretMask: String, Sendable, Codable, Equatable {
    case none
    /// The fifth field of every ~/.pgpass line.
    case passwordFileField
    /// `password=` inside primary_conninfo lines.
    case conninfoPassword

    public func apply(_ line: String) -> String {
        switch self {
        case .none: line
        case .passwordFileField: Self.maskPasswordField(line)
        case .conninfoPassword: Self.maskConninfo(line)
        }
    }

    static func maskPasswordField(_ line: String) -> String {
        guard !line.hasPrefix("#") else { return line }
        var colons = 0
        var escaped = false
        for index in line.indices {
            let ch = line[index]
            if escaped {
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == ":" {
                colons += 1
                if colons == 4 { return String(line[...index]) + Template.mask }
            }
        }
        return line
    }

    /// Rewrites an assignment of a conninfo parameter with its password
    /// masked; a line that does not parse but mentions a password is
    /// masked from `password` on, so nothing leaks through odd quoting.
    static func maskConninfo(_ line: String) -> String {
        guard line.contains("password") else { return line }
        if case .assignment(let assignment) = PostgresqlConf.classify(line, index: 0),
           let pairs = Conninfo.parse(assignment.value) {
            let masked = pairs.map { $0.key == "password" ? ($0.key, Template.mask) : $0 }
            var scalars = Array(line.unicodeScalars)
            scalars.replaceSubrange(assignment.valueRange,
                                    with: ConfValue.quoted(Conninfo.render(masked)).unicodeScalars)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }
        guard let range = line.firstRange(of: "password") else { return line }
        return String(line[..<range.lowerBound]) + "password=" + Template.mask
    }
}

extension UnifiedDiff {
    /// The same diff with each shown line passed through `transform`.
    func masked(_ transform: (String) -> String) -> UnifiedDiff {
        var copy = self
        copy.mapLines { line in
            switch line.kind {
            case .context, .removed, .added: line.text = transform(line.text)
            case .hunkHeader, .noNewlineMarker: break
            }
        }
        return copy
    }
}
