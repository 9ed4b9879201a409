import Foundation

/// A file that no longer holds what a change was planned against.
public struct FileDrift: Sendable, Equatable {
    public var path: String
    /// From the content the plan saw to the content now on disk, masked
    /// like the plan's own diff.
    public var whatChanged: UnifiedDiff
    public var nowMissing: Bool
    public var wasMissing: Bool
}

public enum EditApplyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing was written: these files changed since the plan was shown.
    case drifted([FileDrift])
    /// `applied` were written (their backups are in the receipts) before
    /// `path` failed; undo them or re-plan.
    case partiallyApplied(applied: [SafeWriteReceipt], path: String, reason: String)

    public var description: String {
        switch self {
        case .drifted(let drifts):
            "changed on disk since the diff was shown, nothing written: " + drifts.map(\.path).joined(separator: ", ")
                + ". Look at what changed and plan the step again."
        case .partiallyApplied(let applied, let path, let reason):
            "writing \(path) failed (\(reason)) after \(applied.count) file(s) were written; their backups allow undo"
        }
    }
}

/// Writes a planned step through the host's safe path, and plans undo.
public enum EditApplier {
    /// Files whose content is no longer what `plan` was made from.
    public static func drift(of plan: StepEditPlan, on host: any HostAccess) throws -> [FileDrift] {
        var drifts: [FileDrift] = []
        for change in plan.changes {
            let now: [UInt8]?
            if try host.fileInfo(change.path) == nil {
                now = nil
            } else {
                now = try host.readFileBytes(change.path)
            }
            guard now != change.original else { continue }
            let before = change.original.map { FileText(bytes: $0).text } ?? ""
            let after = now.map { FileText(bytes: $0).text } ?? ""
            drifts.append(FileDrift(path: change.path, whatChanged: UnifiedDiff(old: before, new: after).masked(change.mask.apply),
                                    nowMissing: now == nil, wasMissing: change.original == nil))
        }
        return drifts
    }

    /// Checks every file first and writes nothing if one changed; then
    /// writes each file (backup, temporary file, rename). The receipts name
    /// the backups that undo needs.
    public static func apply(_ plan: StepEditPlan, on host: any HostAccess, at date: Date) throws -> [SafeWriteReceipt] {
        let drifts = try drift(of: plan, on: host)
        if !drifts.isEmpty { throw EditApplyError.drifted(drifts) }
        var receipts: [SafeWriteReceipt] = []
        for change in plan.changes where change.changesSomething {
            do {
                receipts.append(try host.writeFileSafely(try change.safeWrite, at: date))
            } catch SafeWriteError.changedOnDisk(let path, let current) where receipts.isEmpty {
                let before = change.originalText
                let after = current.map { FileText(bytes: $0).text } ?? ""
                throw EditApplyError.drifted([FileDrift(path: path, whatChanged: UnifiedDiff(old: before, new: after).masked(change.mask.apply),
                                                        nowMissing: current == nil, wasMissing: change.original == nil)])
            } catch {
                throw EditApplyError.partiallyApplied(applied: receipts, path: change.path, reason: "\(error)")
            }
        }
        return receipts
    }

    /// A plan that puts back what `receipts` replaced: each file's backup
    /// over its current content, a created file removed (kept as a backup),
    /// newest write first. Shown as a diff and applied like any other.
    public static func undoPlan(for receipts: [SafeWriteReceipt], stepID: String, on host: any HostAccess) throws -> StepEditPlan {
        var plan = StepEditPlan(stepID: stepID, host: host.role)
        for receipt in receipts.reversed() {
            let current: [UInt8]? = try host.fileInfo(receipt.path) == nil ? nil : try host.readFileBytes(receipt.path)
            let role = EditFileRole.guess(fromPath: receipt.path)
            let mask = role.mask
            if receipt.created {
                guard current != nil else { continue }
                plan.changes.append(FileChange(path: receipt.path, role: role, original: current,
                                               encoding: current.map { FileText(bytes: $0).encoding } ?? .utf8,
                                               proposed: nil, mask: mask))
                plan.details.append("remove \(receipt.path), which the step created")
                plan.summary.filesRemoved += 1
                continue
            }
            guard let backupPath = receipt.backupPath else { continue }
            guard try host.fileInfo(backupPath) != nil else {
                throw EditPlanError.missingFile(path: backupPath, what: "the backup to restore \(receipt.path) from")
            }
            let backup = FileText(bytes: try host.readFileBytes(backupPath))
            let info = try host.fileInfo(backupPath)
            var change = FileChange(path: receipt.path, role: role, original: current,
                                    encoding: backup.encoding, proposed: backup.text,
                                    newFileOwner: info?.owner, newFileGroup: info?.group,
                                    newFilePermissions: info?.permissions ?? 0o600, mask: mask)
            if current == nil { change.forcedPermissions = info?.permissions }
            guard change.changesSomething else { continue }
            plan.changes.append(change)
            plan.details.append("restore \(receipt.path) from \(backupPath)")
            plan.summary.filesRestored += 1
        }
        return plan
    }

    /// Backups the wizard made of `path`, oldest first (the names sort by
    /// time).
    public static func backups(of path: String, on host: any HostAccess) throws -> [String] {
        let directory = ConfPath.directory(of: path)
        let name = ConfPath.baseName(path)
        return try host.listDirectory(directory).filter { SafeFileWriter.isBackup($0, of: name) }
            .sorted { backupOrder($0) < backupOrder($1) }
            .map { ConfPath.join(directory, $0) }
    }

    /// Timestamp, then the -2, -3 ... suffix as a number.
    private static func backupOrder(_ name: String) -> (String, Int) {
        guard let marker = name.firstRange(of: SafeFileWriter.backupMarker) else { return (name, 0) }
        let rest = name[marker.upperBound...]
        let parts = rest.split(separator: "-")
        let stamp = parts.prefix(2).joined(separator: "-")
        let number = parts.count > 2 ? Int(parts[2]) ?? 0 : 1
        return (stamp, number)
    }
}
