import CPty
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A libpq password file that exists only while one command runs: a fresh
/// 0700 directory holding one 0600 file, owned by the user the command
/// runs as (libpq ignores a file others can read). It is registered for
/// removal however the wizard ends; see `TemporaryPasswordFiles`.
final class PasswordFileHolder: TemporaryPasswordFile, @unchecked Sendable {
    public let path: String
    private let directory: String
    private let slot: Int32
    private let lock = NSLock()
    private var removed = false

    init(line: String, owner: RunAs, facts: HostFacts) throws {
        var template = Array(TemporaryPasswordFiles.directoryTemplate().utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        directory = String(cString: made)
        path = directory + "/" + TemporaryPasswordFiles.fileName
        slot = cpty_track_temporary(path, directory)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            cpty_untrack_temporary(slot)
            rmdir(directory)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        if facts.isRoot, owner == .postgres, let user = getpwnam("postgres") {
            chown(directory, user.pointee.pw_uid, user.pointee.pw_gid)
            chown(path, user.pointee.pw_uid, user.pointee.pw_gid)
        }
    }

    public func remove() {
        let first = lock.withLock { () -> Bool in
            defer { removed = true }
            return !removed
        }
        guard first else { return }
        unlink(path)
        rmdir(directory)
        cpty_untrack_temporary(slot)
    }

    deinit { remove() }
}
