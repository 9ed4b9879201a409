/// What the wizard needs to know about a file before replacing it: whose it
/// is and who may read it, so the new version keeps exactly that.
public struct FileInfo: Sendable, Equatable, Codable {
    public var owner: UInt32
    public var group: UInt32
    /// Permission bits (mode & 0o7777).
    public var permissions: UInt32
    public var size: Int64
    public var isDirectory: Bool
    public var isRegularFile: Bool
    /// Modification time, seconds and nanoseconds since the epoch.
    public var modifiedSeconds: Int64
    public var modifiedNanoseconds: Int64

    public init(owner: UInt32, group: UInt32, permissions: UInt32, size: Int64, isDirectory: Bool,
                isRegularFile: Bool, modifiedSeconds: Int64 = 0, modifiedNanoseconds: Int64 = 0) {
        self.owner = owner
        self.group = group
        self.permissions = permissions
        self.size = size
        self.isDirectory = isDirectory
        self.isRegularFile = isRegularFile
        self.modifiedSeconds = modifiedSeconds
        self.modifiedNanoseconds = modifiedNanoseconds
    }
}

/// An OS account, for the home directory that holds ~/.pgpass and the
/// owner a new file must get.
public struct UserAccount: Sendable, Equatable, Codable {
    public var name: String
    public var uid: UInt32
    public var gid: UInt32
    public var home: String

    public init(name: String, uid: UInt32, gid: UInt32, home: String) {
        self.name = name
        self.uid = uid
        self.gid = gid
        self.home = home
    }
}

/// One file replaced, created or removed through the safe path.
public struct SafeWrite: Sendable, Equatable, Codable {
    public var path: String
    /// The new content; nil removes the file (it is renamed to its backup,
    /// so nothing is lost).
    public var content: [UInt8]?
    /// The content the change was planned against; nil when the file was
    /// absent. Anything else on disk means someone changed it meanwhile.
    public var expected: [UInt8]?
    /// Owner and permissions for a file that does not exist yet; an
    /// existing file keeps its own.
    public var newFileOwner: UInt32?
    public var newFileGroup: UInt32?
    public var newFilePermissions: UInt32
    /// Permissions to set even on an existing file (.pgpass must be 0600
    /// or libpq ignores it).
    public var forcedPermissions: UInt32?

    public init(path: String, content: [UInt8]?, expected: [UInt8]?, newFileOwner: UInt32? = nil,
                newFileGroup: UInt32? = nil, newFilePermissions: UInt32 = 0o600, forcedPermissions: UInt32? = nil) {
        self.path = path
        self.content = content
        self.expected = expected
        self.newFileOwner = newFileOwner
        self.newFileGroup = newFileGroup
        self.newFilePermissions = newFilePermissions
        self.forcedPermissions = forcedPermissions
    }
}

/// Where a write left things: the file's real path and the backup of what
/// was there before (nil when the file was created).
public struct SafeWriteReceipt: Sendable, Equatable, Codable {
    public var path: String
    public var backupPath: String?
    public var created: Bool
    public var removed: Bool

    public init(path: String, backupPath: String?, created: Bool, removed: Bool) {
        self.path = path
        self.backupPath = backupPath
        self.created = created
        self.removed = removed
    }
}

public enum SafeWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is not what the change was planned against; `current` is
    /// what is there now (nil: it is gone).
    case changedOnDisk(path: String, current: [UInt8]?)
    case notRegularFile(String)
    case system(path: String, operation: String, errno: Int32)
    /// A write on another host failed; `reason` is that host's own words.
    case failed(path: String, reason: String)

    public var description: String {
        switch self {
        case .changedOnDisk(let path, let current):
            current == nil ? "\(path) was removed since the change was shown; nothing was written"
                : "\(path) changed on disk since the change was shown; nothing was written"
        case .notRegularFile(let path): "\(path) is not a regular file"
        case .system(let path, let operation, let code): "\(operation) \(path): \(SystemError.text(code))"
        case .failed(let path, let reason): "cannot write \(path) \(reason)"
        }
    }
}

/// The reason part of a read failure, for messages that name the path
/// themselves: "cannot read X: Permission denied", not the path twice.
func failureReason(_ error: Error) -> String {
    switch error {
    case HostAccessError.unreadable(_, let reason), HostAccessError.cannotList(_, let reason): reason
    case SafeWriteError.system(_, _, let code): SystemError.text(code)
    default: "\(error)"
    }
}
