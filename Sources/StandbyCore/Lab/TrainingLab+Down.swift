import Foundation

extension TrainingLab {
    /// Stops and removes exactly what `up` recorded, newest first; returns
    /// what it removed and what it left, and why. Nothing recorded means
    /// nothing to do, never a guess.
    @discardableResult
    public func down() throws -> [LabRemoval] {
        guard let state = currentState() else { return [] }
        var done: [LabRemoval] = []
        for cluster in [state.primary, state.standby] {
            switch state.layout {
            case .debian:
                let listed = (try? ClusterDetection.detect(on: host)) ?? []
                // pg_lsclusters fails while another cluster is half dropped
                // (another lab going down at the same time); the cluster's
                // own configuration file says it is there all the same.
                let configured = host.fileExists(Self.debianConfigDirectory(version: state.version, cluster: cluster.name) + "/postgresql.conf")
                if configured || listed.contains(where: { $0.name == cluster.name && $0.version == state.version }) {
                    try check(["pg_dropcluster", "--stop", state.version, cluster.name], "pg_dropcluster \(cluster.name)")
                    done.append(.removed("cluster \(state.version)/\(cluster.name)"))
                }
                // The procedure may have set the standby's old data aside
                // beside it; those copies belong to the lab too.
                done += removeSiblings(of: cluster.dataDirectory).map { .removed($0) }
            case .datadir:
                if host.fileExists(cluster.dataDirectory + "/postmaster.pid") {
                    let bin = try state.binDirectory ?? installedServer().1
                    _ = try? host.run(asOwner([bin + "/pg_ctl", "-D", cluster.dataDirectory, "-m", "fast", "-w", "stop"]), environment: nil)
                    done.append(.removed("cluster in \(cluster.dataDirectory)"))
                }
            }
        }
        if let line = removePasswordLine(for: state) { done.append(.removed(line)) }
        let made = state.made.isEmpty ? namedPaths(of: state) : state.made
        done += made.reversed().compactMap { $0.remove() }
        return done
    }

    /// A record from before `made` was kept: the paths it names, and the
    /// state directory only if nothing else is left in it.
    private func namedPaths(of state: LabState) -> [LabPath] {
        var paths = [LabPath(stateDirectory, .directory), LabPath(statePath, .file)]
        if state.layout == .datadir {
            paths += [state.primary, state.standby].map { LabPath(Self.clusterBase($0), .tree) }
        }
        paths.append(LabPath(state.archiveDirectory, .tree))
        if state.exercise == .archiveNotWritable { paths.append(LabPath(LabExercise.lockedDirectory(in: stateDirectory), .tree)) }
        paths.append(LabPath(state.answersFile, .file))
        return paths
    }

    /// The walkthrough stores the replication password in the server
    /// account's password file; the lab's entry goes with the lab, the rest
    /// of the file stays as it is.
    private func removePasswordLine(for state: LabState) -> String? {
        guard let path = serverPasswordFile, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        // The lab's primary by its port and the lab's role, whatever
        // address the walkthrough reached it at (an exercise's, or a
        // test's hosts): the host field comes first, so this part of a
        // line is never inside it.
        let labLine = ":\(state.primary.port):replication:\(LabAnswers.replicationUser):"
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { !$0.contains(labLine) }.joined(separator: "\n")
        guard kept.count < text.count else { return nil }
        // The wizard's backups of the file taken during the lab hold the
        // lab's password, or only repeat what the file keeps: both go.
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        // So do the runbook's (`FILE.runbook.DATE`).
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            where name.hasPrefix(".pgpass" + SafeFileWriter.backupMarker) || name.hasPrefix(".pgpass" + RunbookShell.backupMarker) {
            let backup = directory + "/" + name
            if let content = try? String(contentsOfFile: backup, encoding: .utf8), content.contains(labLine) || content == kept {
                try? FileManager.default.removeItem(atPath: backup)
            }
        }
        // Rewritten in place: the file keeps its owner and its 0600 mode.
        guard (try? rewrite(path, { _ in kept })) != nil else { return nil }
        return "the lab's line in \(path)"
    }

    private func removeSiblings(of dataDirectory: String) -> [String] {
        let url = URL(fileURLWithPath: dataDirectory)
        let parent = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + "."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        return names.filter { $0.hasPrefix(prefix) }.compactMap { name in
            let path = parent + "/" + name
            return (try? FileManager.default.removeItem(atPath: path)) != nil ? path : nil
        }
    }
}
