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
        try? FileManager.default.removeItem(atPath: stateDirectory)
        removed.append(stateDirectory)
        return removed
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
