import Foundation

/// Before the standby's server is stopped or its data directory set aside:
/// is that directory positively the standby's? An answers file that names
/// the primary's own cluster, or a standby that was promoted and now holds
/// the only good data, must stop here, before anything is touched.
public enum StandbyDirectoryGuard {
    /// Typed (or given in the answers file as CONFIRM_SET_ASIDE) to let a
    /// data directory in production be set aside: its cluster answer.
    public static let confirmationKey = "CONFIRM_SET_ASIDE"

    public enum Verdict: Sendable, Equatable {
        /// What the directory is; the step may go on.
        case clear([String])
        /// Nothing may be stopped or moved, and why; `backTo` is the step
        /// that puts it right, run again.
        case refused([String], backTo: String? = nil)
        /// Only once the operator typed `word`.
        case confirm([String], word: String)
        /// What the step would do is already so (a standby stopped before
        /// an interruption): it completes without running.
        case alreadyDone([String])
    }

    /// The step that sets the old data aside, which a cut-off copy goes
    /// back to.
    public static let setAsideStep = "secondary-set-aside"

    /// `copyAttempted`: the journal says a copy into the directory was
    /// started before; what it left without PG_VERSION may be set aside.
    /// `stopping`: the step stops the server; a server that is not running
    /// needs no stop (a resumed walkthrough, a standby already down).
    public static func inspect(values: [String: String], hosts: any HostResolver, copyAttempted: Bool = false,
                               stopping: Bool = false) -> Verdict {
        let standby = HostAnswers(.secondary, values: values)
        let primary = HostAnswers(.primary, values: values)
        guard let directory = standby.dataDirectory.map(normalized), let cluster = standby.cluster else {
            return .refused(["the standby's version and cluster are not answered yet"])
        }
        if hosts.sameMachine(.primary, .secondary), let own = primary.dataDirectory.map(normalized), own == directory {
            return .refused(["\(directory) is the primary's own data directory: the standby's answers name the primary's cluster (\(primary.clusterLabel)).",
                             "Nothing was stopped or moved. Correct the standby host's answers: its cluster or data directory."])
        }
        let host = hosts.host(for: .secondary)
        // pg_basebackup writes backup_label first and global/pg_control
        // last: a directory with the one and not the other is a copy cut
        // off, even when the journal did not learn the copy had begun.
        let cutOff = host.fileExists(directory + "/backup_label") && !host.fileExists(directory + "/global/pg_control")
        if copyAttempted && !host.fileExists(directory + "/PG_VERSION") || cutOff,
           let names = try? host.listDirectory(directory), !names.isEmpty {
            return .clear(["\(directory) holds what a copy cut off before it finished left (\(names.count) entries, no PG_VERSION yet)"])
        }
        // Interrupted after its move and before the journal knew: the old
        // directory is gone and its set-aside copy is beside it.
        // The set-aside step leaves an empty directory in its place.
        let emptied = !host.fileExists(directory) || (try? host.listDirectory(directory))?.isEmpty == true
        if emptied, let kept = latestSetAside(of: directory, on: host) {
            return .alreadyDone(["\(directory) is empty: \(kept) holds what was set aside before an interruption; nothing to \(stopping ? "stop" : "move")"])
        }
        guard host.fileExists(directory + "/PG_VERSION") else {
            return .refused(["\(directory) holds no PostgreSQL data directory (no PG_VERSION): nothing to stop or set aside there.",
                             "Check the standby's cluster answer, or whether the server is installed and its cluster made."])
        }
        let control = controlData(of: directory, answers: standby, on: host)
        var lines = ["\(directory): PostgreSQL \((try? host.readFile(directory + "/PG_VERSION"))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?") data directory, last \(control?.lastRole ?? "of unknown state (pg_controldata gave no answer)")"]
        let primaryControl = primary.dataDirectory.flatMap { controlData(of: normalized($0), answers: primary, on: hosts.host(for: .primary)) }
        if let id = control?.systemIdentifier {
            let same = primaryControl?.systemIdentifier == id
            lines.append("system identifier \(id)" + (same ? ", the primary's: a copy of it" : primaryControl?.systemIdentifier != nil ? ", not the primary's" : ""))
        }
        if stopping, !host.fileExists(directory + "/postmaster.pid") {
            return .alreadyDone(lines + ["its server is not running (no postmaster.pid): nothing to stop"])
        }
        guard control?.inProduction == true else { return .clear(lines) }
        let given = values[confirmationKey]
        if given == cluster { return .clear(lines + ["set aside as confirmed (\(confirmationKey): \(cluster))"]) }
        return .confirm(lines + ["It is in production: a primary, or a promoted standby whose writes may exist nowhere else.",
                                 "Type the standby's cluster, \(cluster), to go on (unattended: \(confirmationKey): \(cluster) in the answers file)."],
                        word: cluster)
    }

    /// Before the copy: its target must be absent or empty.
    public static func copyTarget(values: [String: String], hosts: any HostResolver) -> Verdict {
        guard let directory = HostAnswers(.secondary, values: values).dataDirectory.map(normalized) else {
            return .refused(["the standby's version and cluster are not answered yet"])
        }
        let host = hosts.host(for: .secondary)
        guard let names = try? host.listDirectory(directory), !names.isEmpty else {
            if let owner = foreignOwner(of: directory, on: host) { return .refused(owner) }
            let empty = "\(directory) is absent or empty: the copy goes there"
            if let missing = missingSlot(values: values, hosts: hosts) { return .refused([empty] + missing, backTo: slotStep) }
            return .clear([empty] + (values["WAL_RETENTION"] == "slot" ? ["the primary holds slot \(values["REPLICATION_SLOT"] ?? "?") for the standby"] : []))
        }
        if let complete = completeCopy(directory, names: names, values: values, hosts: hosts) { return .alreadyDone(complete) }
        let what = names.contains("backup_manifest") || names.contains("PG_VERSION")
            ? (names.contains("standby.signal") || names.contains("recovery.conf") ? "a standby's data directory" : "a copy not yet set up as a standby")
            : "a copy cut off before it finished"
        return .refused(["\(directory) is not empty: it holds \(what) (\(names.count) entries).",
                         "pg_basebackup writes only into an empty directory. Set it aside again (nothing is deleted), then the copy runs again."],
                        backTo: setAsideStep)
    }

    /// A copy that finished before an interruption kept the journal from
    /// knowing: backup_manifest is the last thing pg_basebackup writes (13
    /// on), the directory is not yet a standby or running, and it is a copy
    /// of this primary. Such a copy is kept, not made again. Before 13
    /// nothing marks the end of the WAL stream, so the copy runs again.
    static func completeCopy(_ directory: String, names: [String], values: [String: String], hosts: any HostResolver) -> [String]? {
        let untouched = ["backup_manifest", "PG_VERSION", "backup_label"].allSatisfy(names.contains)
            && !["postmaster.pid", "standby.signal", "recovery.conf", "backup_manifest.tmp"].contains(where: names.contains)
        let host = hosts.host(for: .secondary)
        guard untouched, host.fileExists(directory + "/global/pg_control"),
              let copy = controlData(of: directory, answers: HostAnswers(.secondary, values: values), on: host)?.systemIdentifier,
              let primaryDirectory = HostAnswers(.primary, values: values).dataDirectory.map(normalized),
              let original = controlData(of: primaryDirectory, answers: HostAnswers(.primary, values: values), on: hosts.host(for: .primary))?.systemIdentifier,
              copy == original else { return nil }
        return ["\(directory) holds a complete copy of the primary (backup_manifest written, system identifier \(copy)), made before an interruption: it is kept, not copied again"]
    }

    /// An empty target whose owner is not the set-aside directory's (made
    /// by hand as root, or left by an older wizard cut off between its
    /// mkdir and chown): pg_basebackup, running as the data's owner, could
    /// not write into it. Why, with the fix, or nil.
    static func foreignOwner(of directory: String, on host: any HostAccess) -> [String]? {
        guard let kept = latestSetAside(of: directory, on: host),
              let target = (try? host.fileInfo(directory)) ?? nil, target.isDirectory,
              let old = (try? host.fileInfo(kept)) ?? nil, old.owner != target.owner else { return nil }
        return ["\(directory) is empty but owned by uid \(target.owner), not uid \(old.owner) as \(kept) is: the copy, run as its owner, could not write into it.",
                "Give it the old directory's owner (chown --reference=\(kept) \(directory)), then the copy runs."]
    }

    /// The step that makes the standby's slot on the primary.
    public static let slotStep = "primary-slot"

    /// With WAL kept by a slot, the slot must exist before the copy: WAL
    /// the copy needs later is held from its making (9.6 on), and the
    /// standby's start names it. Why not, or nil when all is well.
    static func missingSlot(values: [String: String], hosts: any HostResolver) -> [String]? {
        guard values["WAL_RETENTION"] == "slot", let slot = values["REPLICATION_SLOT"] else { return nil }
        let primary = ClusterSQL(role: .primary, values: values, hosts: hosts)
        // Slot names are checked to be lower-case letters, digits and _.
        let sql = "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '\(slot.replacingOccurrences(of: "'", with: "''"))'"
        do {
            guard try primary.query(sql) == "0" else { return nil }
            return ["The primary has no replication slot \(slot): the standby's WAL would not be kept for it.",
                    "Create it first (step \"Create the slot\"), then the copy runs."]
        } catch {
            return ["Whether the primary holds slot \(slot) cannot be read: \(error)",
                    "Check that the primary runs and answers, then try again."]
        }
    }

    /// The newest `DIR.pre-standby-*` beside `directory` (the names carry
    /// the date and time), as the set-aside step names them.
    static func latestSetAside(of directory: String, on host: any HostAccess) -> String? {
        let parent = (directory as NSString).deletingLastPathComponent
        let prefix = (directory as NSString).lastPathComponent + ".pre-standby-"
        guard let names = try? host.listDirectory(parent) else { return nil }
        return names.filter { $0.hasPrefix(prefix) }.max().map { parent + "/" + $0 }
    }

    static func normalized(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    static func controlData(of directory: String, answers: HostAnswers, on host: any HostAccess) -> ControlData? {
        guard let version = answers.version, let cluster = answers.cluster,
              let paths = ClusterPaths(version: version, cluster: cluster, binDirectory: answers.binDirectory) else { return nil }
        // English labels whatever the server's locale.
        let environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C"]
        guard let output = try? host.run([paths.binDirectory + "/pg_controldata", directory], environment: environment),
              output.succeeded else { return nil }
        return ControlData(output: output.stdout)
    }
}
