import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum SystemError {
    static func text(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "error \(code)" }
        return String(cString: message)
    }
}

/// Replaces a configuration file on this machine so that at every instant
/// the path holds either the old file or the new one, never a part:
///
/// 1. check the file still holds what the change was planned against;
/// 2. keep the old file as FILE.standby-wizard.YYYYmmdd-HHMMSS beside it
///    (a hard link, so owner, mode and times are the original's; `-2`,
///    `-3` ... when that name is taken, never overwriting a backup);
/// 3. write the new text to a temporary file in the same directory, with
///    the old file's owner, group and mode, and fsync it;
/// 4. check again, rename the temporary file over the path, fsync the
///    directory so the rename itself survives a crash.
///
/// A symbolic link is followed: the file it points to is replaced and the
/// link stays.
public enum SafeFileWriter {
    static let backupMarker = ".standby-wizard."

    /// `beforeRename` runs after the temporary file is complete and synced,
    /// just before it replaces the original; the crash test stops the
    /// process there.
    public static func write(_ request: SafeWrite, at date: Date,
                             beforeRename: ((String) -> Void)? = nil) throws -> SafeWriteReceipt {
        let path = resolved(request.path)
        let directory = ConfPath.directory(of: path)
        let current = try readIfPresent(path)
        try verify(current?.bytes, against: request.expected, path: path)

        guard let content = request.content else {
            guard current != nil else { return SafeWriteReceipt(path: path, backupPath: nil, created: false, removed: false) }
            // Removing is renaming to the backup name: the data stays.
            let backup = try reserveBackup(of: path, at: date) { try rename(path, $0) }
            try syncDirectory(directory)
            return SafeWriteReceipt(path: path, backupPath: backup, created: false, removed: true)
        }

        var backup: String?
        if current != nil {
            backup = try reserveBackup(of: path, at: date) { candidate in
                do {
                    try link(path, candidate)
                } catch SafeWriteError.system(_, _, let code) where code != EEXIST {
                    // Filesystems without hard links get a copy.
                    try copy(path, to: candidate)
                }
            }
        }
        let owner = current?.info.owner ?? request.newFileOwner
        let group = current?.info.group ?? request.newFileGroup
        let permissions = request.forcedPermissions ?? current?.info.permissions ?? request.newFilePermissions
        let temporary: String
        do {
            temporary = try writeTemporary(content, in: directory, name: ConfPath.baseName(path),
                                           owner: owner, group: group, permissions: permissions)
        } catch {
            // Nothing was written: the backup of an unchanged file goes too.
            if let backup { unlink(backup) }
            throw error
        }
        do {
            beforeRename?(temporary)
            try verify(try readIfPresent(path)?.bytes, against: request.expected, path: path)
            if current == nil {
                // link fails if the name appeared meanwhile: a file someone
                // else just created is never replaced.
                try link(temporary, path)
                unlink(temporary)
            } else {
                try rename(temporary, path)
            }
        } catch {
            unlink(temporary)
            throw error
        }
        try syncDirectory(directory)
        return SafeWriteReceipt(path: path, backupPath: backup, created: current == nil, removed: false)
    }

    /// FILE.standby-wizard.YYYYmmdd-HHMMSS in local time.
    public static func backupName(for path: String, at date: Date) -> String {
        path + backupMarker + LocalTime.format(date, "%Y%m%d-%H%M%S")
    }

    /// Is `name` one of our backups of `file` (both base names)?
    public static func isBackup(_ name: String, of file: String) -> Bool {
        name.hasPrefix(file + backupMarker)
    }

    // MARK: - Steps

    struct Current {
        var bytes: [UInt8]
        var info: FileInfo
    }

    static func resolved(_ path: String) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        // A file still to be created: resolve its directory instead.
        let directory = ConfPath.directory(of: path)
        guard let real = realpath(directory, nil) else { return path }
        defer { free(real) }
        return ConfPath.join(String(cString: real), ConfPath.baseName(path))
    }

    static func readIfPresent(_ path: String) throws -> Current? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw SafeWriteError.system(path: path, operation: "open", errno: errno)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw SafeWriteError.system(path: path, operation: "stat", errno: errno) }
        let info = LocalFileStat.info(st)
        guard info.isRegularFile else { throw SafeWriteError.notRegularFile(path) }
        return Current(bytes: try readAll(fd, path: path), info: info)
    }

    static func readAll(_ fd: Int32, path: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SafeWriteError.system(path: path, operation: "read", errno: errno)
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<n])
        }
    }

    private static func verify(_ current: [UInt8]?, against expected: [UInt8]?, path: String) throws {
        guard current == expected else { throw SafeWriteError.changedOnDisk(path: path, current: current) }
    }

    /// Tries the backup name, then `-2`, `-3` ...; `make` must fail with
    /// EEXIST when a name is taken.
    private static func reserveBackup(of path: String, at date: Date, make: (String) throws -> Void) throws -> String {
        let base = backupName(for: path, at: date)
        for attempt in 1...1000 {
            let candidate = attempt == 1 ? base : "\(base)-\(attempt)"
            if access(candidate, F_OK) == 0 { continue }
            do {
                try make(candidate)
                return candidate
            } catch SafeWriteError.system(_, _, let code) where code == EEXIST {
                continue
            }
        }
        throw SafeWriteError.system(path: base, operation: "create backup", errno: EEXIST)
    }

    private static func writeTemporary(_ content: [UInt8], in directory: String, name: String, owner: UInt32?,
                                       group: UInt32?, permissions: UInt32) throws -> String {
        var fd: Int32 = -1
        var temporary = ""
        // A leading dot keeps a leftover out of include_dir, which skips
        // hidden files and anything not ending in .conf.
        for _ in 0..<100 {
            temporary = ConfPath.join(directory, ".\(name).standby-wizard-tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw SafeWriteError.system(path: temporary, operation: "create", errno: errno) }
        do {
            defer { close(fd) }
            try writeAll(fd, content, path: temporary)
            if owner != nil || group != nil {
                let uid = owner.map { uid_t($0) } ?? uid_t.max
                let gid = group.map { gid_t($0) } ?? gid_t.max
                if fchown(fd, uid, gid) != 0 {
                    let code = errno
                    // Without root a file can only be given to oneself;
                    // when it already is one's own, that is what was asked.
                    let ownAlready = (owner == nil || uid == geteuid()) && (group == nil || gid == getegid())
                    if !(code == EPERM && ownAlready) {
                        throw SafeWriteError.system(path: temporary, operation: "chown", errno: code)
                    }
                }
            }
            // After chown, which may clear set-id bits.
            guard fchmod(fd, mode_t(permissions)) == 0 else {
                throw SafeWriteError.system(path: temporary, operation: "chmod", errno: errno)
            }
            guard fsync(fd) == 0 else { throw SafeWriteError.system(path: temporary, operation: "fsync", errno: errno) }
        } catch {
            unlink(temporary)
            throw error
        }
        return temporary
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SafeWriteError.system(path: path, operation: "write", errno: errno)
            }
            offset += n
        }
    }

    private static func copy(_ source: String, to target: String) throws {
        guard let current = try readIfPresent(source) else {
            throw SafeWriteError.system(path: source, operation: "copy", errno: ENOENT)
        }
        let fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SafeWriteError.system(path: target, operation: "create", errno: errno) }
        defer { close(fd) }
        try writeAll(fd, current.bytes, path: target)
        _ = fchown(fd, uid_t(current.info.owner), gid_t(current.info.group))
        _ = fchmod(fd, mode_t(current.info.permissions))
        guard fsync(fd) == 0 else { throw SafeWriteError.system(path: target, operation: "fsync", errno: errno) }
    }

    private static func link(_ source: String, _ target: String) throws {
        guard Glibc.link(source, target) == 0 else { throw SafeWriteError.system(path: target, operation: "link", errno: errno) }
    }

    private static func rename(_ source: String, _ target: String) throws {
        guard Glibc.rename(source, target) == 0 else {
            throw SafeWriteError.system(path: target, operation: "rename", errno: errno)
        }
    }

    static func syncDirectory(_ directory: String) throws {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SafeWriteError.system(path: directory, operation: "open", errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw SafeWriteError.system(path: directory, operation: "fsync", errno: errno) }
    }
}

enum LocalFileStat {
    static func info(_ st: stat) -> FileInfo {
        let type = st.st_mode & S_IFMT
        return FileInfo(owner: UInt32(st.st_uid), group: UInt32(st.st_gid), permissions: UInt32(st.st_mode & 0o7777),
                        size: Int64(st.st_size), isDirectory: type == S_IFDIR, isRegularFile: type == S_IFREG,
                        modifiedSeconds: Int64(st.st_mtim.tv_sec), modifiedNanoseconds: Int64(st.st_mtim.tv_nsec))
    }
}
