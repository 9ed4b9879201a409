import Foundation

extension TrainingLab {
    /// Stops and removes exactly what `up` recorded; returns what it removed.
    /// Nothing recorded means nothing to do, never a guess.
    @discardableResult
    public func down() throws -> [String] {
        guard let state = currentState() else { return [] }
        var removed: [String] = []
        for cluster in [state.primary, state.standby] {
            switch state.layout {
            case .debian:
                let listed = (try? ClusterDetection.detect(on: host)) ?? []
                if listed.contains(where: { $0.name == cluster.name && $0.version == state.version }) {
                    try check(["pg_dropcluster", "--stop", state.version, cluster.name], "pg_dropcluster \(cluster.name)")
                    removed.append("cluster \(state.version)/\(cluster.name)")
                }
                // The procedure may have set the standby's old data aside
                // beside it; those copies belong to the lab too.
                removed += removeSiblings(of: cluster.dataDirectory)
            case .datadir:
                if host.fileExists(cluster.dataDirectory + "/postmaster.pid") {
                    let bin = try installedServer().1
                    _ = try? host.run(asOwner([bin + "/pg_ctl", "-D", cluster.dataDirectory, "-m", "fast", "-w", "stop"]), environment: nil)
                }
                removed.append("cluster in \(cluster.dataDirectory)")
            }
        }
        if let line = removePasswordLine(for: state) { removed.append(line) }
        try? FileManager.default.removeItem(atPath: stateDirectory)
        removed.append(stateDirectory)
        return removed
    }

    /// The walkthrough stores the replication password in the server
    /// account's password file; the lab's entry goes with the lab, the rest
    /// of the file stays as it is.
    private func removePasswordLine(for state: LabState) -> String? {
        guard let account = getpwnam(serverAccount), let home = account.pointee.pw_dir.map({ String(cString: $0) }) else { return nil }
        let path = home + "/.pgpass"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let prefix = "127.0.0.1:\(state.primary.port):replication:"
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { !$0.hasPrefix(prefix) }.joined(separator: "\n")
        guard kept.count < text.count else { return nil }
        // The wizard's backups of the file taken during the lab hold the
        // lab's password, or only repeat what the file keeps: both go.
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            where name.hasPrefix(".pgpass.standby-wizard.") {
            let backup = directory + "/" + name
            if let content = try? String(contentsOfFile: backup, encoding: .utf8), content.contains(prefix) || content == kept {
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
