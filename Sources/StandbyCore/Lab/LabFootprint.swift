import Foundation

/// One path the lab made, or named for the walkthrough to make, written
/// into lab.json before it exists so that `lab down` can take away exactly
/// that, even after an `up` that stopped half way.
public struct LabPath: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// A file of the lab's own: removed.
        case file
        /// A directory that holds only what the lab and its servers put
        /// there (a cluster's directory, the WAL archive): removed whole.
        case tree
        /// A directory the lab made to hold other things, the state
        /// directory or a parent of it: removed only when empty, since the
        /// operator may have put files there.
        case directory
        /// A directory that was there, empty, before the lab: it stays, with
        /// its mode and owner as they were.
        case borrowedDirectory
        /// A Debian cluster's configuration directory: pg_dropcluster
        /// removes the files it made, this removes the wizard's backups
        /// (FILE.standby-wizard.DATE) and the runbook's (FILE.runbook.DATE)
        /// beside them, and then the directory.
        case clusterConfig
        /// A file the walkthrough creates (the server account's ~/.pgpass)
        /// and that did not exist before the lab: removed when nothing but
        /// the lab's line was ever in it, i.e. when it is empty once that
        /// line is gone.
        case fileIfLeftEmpty
    }

    public var path: String
    public var kind: Kind
    /// For a borrowed directory: what to give back.
    public var mode: UInt16?
    public var owner: UInt32?
    public var group: UInt32?
    /// For a cluster's configuration directory left behind by something
    /// else (an older lab of the same name): what was in it, which stays.
    public var before: [String]?

    public init(_ path: String, _ kind: Kind, mode: UInt16? = nil, owner: UInt32? = nil, group: UInt32? = nil,
                before: [String]? = nil) {
        self.path = path
        self.kind = kind
        self.mode = mode
        self.owner = owner
        self.group = group
        self.before = before
    }
}

/// What taking one path away did, for `lab down` to report.
public enum LabRemoval: Equatable, Sendable {
    case removed(String)
    /// Left in place, and why.
    case kept(String, because: String)
}

extension LabPath {
    /// Takes this path away as its kind says; nil when nothing was there.
    func remove(backupMarker: String = SafeFileWriter.backupMarker) -> LabRemoval? {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = files.fileExists(atPath: path, isDirectory: &isDirectory)
        switch kind {
        case .file:
            guard exists else { return nil }
            return unlink(path) == 0 ? .removed(path) : .kept(path, because: SystemError.text(errno))
        case .fileIfLeftEmpty:
            guard exists else { return nil }
            let size = (try? files.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            guard size == 0 else { return .kept(path, because: "it holds lines the lab did not write") }
            return unlink(path) == 0 ? .removed(path) : .kept(path, because: SystemError.text(errno))
        case .tree:
            guard exists else { return nil }
            do {
                try files.removeItem(atPath: path)
                return .removed(path)
            } catch {
                return .kept(path, because: error.localizedDescription)
            }
        case .directory:
            guard exists, isDirectory.boolValue else { return nil }
            return removeIfEmpty()
        case .clusterConfig:
            guard exists, isDirectory.boolValue else { return nil }
            let earlier = Set(before ?? [])
            for name in (try? files.contentsOfDirectory(atPath: path)) ?? [] where (name.contains(backupMarker) || name.contains(RunbookShell.backupMarker)) && !earlier.contains(name) {
                unlink(path + "/" + name)
            }
            return removeIfEmpty()
        case .borrowedDirectory:
            guard exists, isDirectory.boolValue else { return nil }
            if let mode { chmod(path, mode_t(mode)) }
            if let owner, let group { chown(path, owner, group) }
            return .kept(path, because: "it was there before the lab")
        }
    }

    private func removeIfEmpty() -> LabRemoval {
        if rmdir(path) == 0 { return .removed(path) }
        let others = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        guard !others.isEmpty else { return .kept(path, because: SystemError.text(errno)) }
        let shown = others.prefix(3).joined(separator: ", ") + (others.count > 3 ? ", …" : "")
        return .kept(path, because: "it holds what the lab did not make: \(shown)")
    }
}
