import Foundation
@testable import StandbyCore

/// A host whose files live in a dictionary: the editors and the planner
/// see exactly the text a test gives them, and writes land back here.
final class MemoryHost: HostAccess, @unchecked Sendable {
    let role: HostRole
    private let lock = NSLock()
    private var files: [String: [UInt8]]
    private var directories: Set<String>
    private var accounts: [String: UserAccount]

    init(role: HostRole = .primary, files: [String: String] = [:], directories: Set<String> = [],
         accounts: [String: UserAccount] = [:]) {
        self.role = role
        self.files = files.mapValues { Array($0.utf8) }
        var all = directories
        for path in files.keys { all.insert(ConfPath.directory(of: path)) }
        self.directories = all
        self.accounts = accounts
    }

    subscript(path: String) -> String? {
        get { lock.withLock { files[path].map { String(decoding: $0, as: UTF8.self) } } }
        set { lock.withLock { files[path] = newValue.map { Array($0.utf8) } } }
    }

    func setBytes(_ path: String, _ bytes: [UInt8]) { lock.withLock { files[path] = bytes } }
    func bytes(_ path: String) -> [UInt8]? { lock.withLock { files[path] } }
    var paths: [String] { lock.withLock { files.keys.sorted() } }

    func readFile(_ path: String) throws -> String {
        guard let text = self[path] else { throw HostAccessError.cannotRead(path) }
        return text
    }

    func fileExists(_ path: String) -> Bool { lock.withLock { files[path] != nil || directories.contains(path) } }

    func run(_ argv: [String], environment: [String: String]?) throws -> CommandOutput {
        throw HostAccessError.commandNotFound(argv.first ?? "")
    }

    func readFileBytes(_ path: String) throws -> [UInt8] {
        guard let bytes = bytes(path) else { throw HostAccessError.cannotRead(path) }
        return bytes
    }

    func fileInfo(_ path: String) throws -> FileInfo? {
        lock.withLock {
            if let bytes = files[path] {
                return FileInfo(owner: 0, group: 0, permissions: 0o644, size: Int64(bytes.count), isDirectory: false,
                                isRegularFile: true)
            }
            if directories.contains(path) {
                return FileInfo(owner: 0, group: 0, permissions: 0o700, size: 0, isDirectory: true, isRegularFile: false)
            }
            return nil
        }
    }

    func listDirectory(_ path: String) throws -> [String] {
        lock.withLock {
            let prefix = path.hasSuffix("/") ? path : path + "/"
            return files.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
                .filter { !$0.contains("/") }
        }
    }

    func account(named name: String) throws -> UserAccount? { lock.withLock { accounts[name] } }

    /// Same checks as the real writer, without the file system.
    func writeFileSafely(_ write: SafeWrite, at date: Date) throws -> SafeWriteReceipt {
        try lock.withLock {
            let current = files[write.path]
            guard current == write.expected else { throw SafeWriteError.changedOnDisk(path: write.path, current: current) }
            var backup: String?
            if let current {
                var candidate = SafeFileWriter.backupName(for: write.path, at: date)
                var n = 2
                let base = candidate
                while files[candidate] != nil {
                    candidate = "\(base)-\(n)"
                    n += 1
                }
                files[candidate] = current
                backup = candidate
            }
            files[write.path] = write.content
            return SafeWriteReceipt(path: write.path, backupPath: backup, created: current == nil,
                                    removed: write.content == nil)
        }
    }
}
