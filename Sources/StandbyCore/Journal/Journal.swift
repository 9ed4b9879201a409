import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The walkthrough of one target standby, on disk: its state written after
/// every change (answers without the password, each step's status and
/// record), so a walkthrough cut off by a dropped ssh session, a kill or a
/// reboot can go on where it was. One journal per standby, held by one
/// wizard at a time.
public final class Journal: @unchecked Sendable {
    public let path: String
    public let lockPath: String
    private let lockDescriptor: Int32
    private var lastSaved: WalkthroughState?

    public enum OpenError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Another wizard holds this standby's journal.
        case busy(pid: String, journal: String)
        case cannot(String)

        public var description: String {
            switch self {
            case .busy(let pid, let journal):
                "another standby-wizard (pid \(pid)) is working on this standby (\(journal)); let it finish or stop it first"
            case .cannot(let why): why
            }
        }
    }

    /// Names a journal directory for every start, like --journal-dir.
    public static let directoryVariable = "STANDBY_WIZARD_JOURNAL_DIR"

    /// Where journals are kept when nothing else is said: root's in
    /// /var/lib/standby-wizard, others' under their state directory.
    public static func directory(environment: [String: String], isRoot: Bool) -> String {
        isRoot ? "/var/lib/standby-wizard/journals" : SessionLogDirectory.state(environment: environment) + "/journals"
    }

    /// The file name of a standby's journal: its address, port and cluster.
    public static func key(for answers: Answers) -> String? {
        let standby = HostAnswers(.secondary, answers: answers)
        guard let address = standby.address, let cluster = standby.cluster else { return nil }
        let raw = "\(address)-\(standby.port ?? "5432")-\(cluster)"
        return "standby-" + String(raw.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" })
    }

    /// Removes a standby's journal and lock (a lab's, when the lab goes);
    /// returns the journal's path when there was one.
    public static func remove(directory: String, key: String) -> String? {
        let path = directory + "/" + key + ".json"
        let existed = FileManager.default.fileExists(atPath: path)
        unlink(path)
        unlink(directory + "/" + key + ".lock")
        return existed ? path : nil
    }

    /// Opens (making the 0700 directory if needed) and locks the journal
    /// named `key`; the lock goes with the process, however it ends.
    public init(directory: String, key: String) throws {
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw OpenError.cannot("cannot make the journal directory \(directory): \(error.localizedDescription)")
            }
        }
        path = directory + "/" + key + ".json"
        lockPath = directory + "/" + key + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw OpenError.cannot("cannot open \(lockPath): \(SystemError.text(errno))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buffer, buffer.count, 0)
            close(fd)
            let pid = String(decoding: buffer.prefix(max(0, n)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw OpenError.busy(pid: pid.isEmpty ? "?" : pid, journal: path)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        lockDescriptor = fd
    }

    deinit {
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
    }

    /// The state a previous wizard left, if there is one to read.
    public func load() throws -> WalkthroughState? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(WalkthroughState.self, from: data)
        } catch {
            throw OpenError.cannot("cannot read the journal \(path): \(error)")
        }
    }

    /// Writes `state` whole or not at all: a temporary file, fsynced,
    /// renamed over the journal. Nothing is written when the state did not
    /// change. The directory is not fsynced: a power cut could then leave
    /// the journal one state behind, but whole, which is no worse than the
    /// wizard being killed just before this save, and a walkthrough saves
    /// about sixty times: on a server whose disk is busy writing (a
    /// primary under load), each fsync waits for the file system's journal
    /// (a lab run's 122 took 0.6 s while another program wrote 4 GB).
    public func save(_ state: WalkthroughState) throws {
        guard state != lastSaved else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let bytes = Array(try encoder.encode(state)) + [0x0A]
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw OpenError.cannot("cannot write \(temporary): \(SystemError.text(errno))") }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let code = errno
                close(fd)
                unlink(temporary)
                throw OpenError.cannot("cannot write \(temporary): \(SystemError.text(code))")
            }
            offset += n
        }
        guard fsync(fd) == 0, close(fd) == 0, rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw OpenError.cannot("cannot save the journal \(path): \(SystemError.text(code))")
        }
        lastSaved = state
    }
}
