import Foundation

/// Faults an exercise leaves in files, after both servers run: they act at
/// the next start, as leftovers do on real servers.
extension TrainingLab {
    /// A recovery.conf from the days this server was restored on 11 or
    /// earlier. The running server never looks at it; from 12 on the next
    /// start refuses to go on while it is there.
    func plantRecoveryConf(in state: LabState) throws {
        let path = LabExercise.recoveryConfPath(state)
        let text = """
        # Restored from the nightly base backup (PostgreSQL 11).
        restore_command = 'cp /srv/backup/wal/%f %p'
        recovery_target_timeline = 'latest'

        """
        try writeAsServer(text, to: path)
    }

    /// The standby's configuration directory gets a file sized for a
    /// smaller machine; Debian's postgresql.conf reads conf.d last, and the
    /// copy from the primary never touches /etc.
    func lowerStandbyMaxConnections(_ state: LabState) throws {
        let text = "# Sized for the 2 GB reporting VM.\nmax_connections = 20\n"
        try writeAsServer(text, to: LabExercise.sizingFilePath(state))
        // Running with it, as the server had been for months.
        try check(["pg_ctlcluster", state.version, state.standby.name, "restart"], "pg_ctlcluster \(state.standby.name) restart")
    }

    /// A file the server's account owns, 0600 like the rest of its data.
    private func writeAsServer(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Failure.command("writing \(path)", "cannot create the file")
        }
        if isRoot { try check(["chown", "postgres:postgres", path], "chown \(path)") }
    }
}

extension LabExercise {
    static func recoveryConfPath(_ state: LabState) -> String { state.primary.dataDirectory + "/recovery.conf" }

    static func sizingFilePath(_ state: LabState) -> String {
        TrainingLab.debianConfigDirectory(version: state.version, cluster: state.standby.name) + "/conf.d/sizing.conf"
    }

    /// Paths the fault adds to what the servers made, for `lab down`.
    /// pg_dropcluster leaves conf.d when it holds a file it did not make,
    /// so the directory is the lab's to remove once the file is gone.
    func plantedPaths(_ state: LabState) -> [LabPath] {
        switch self {
        case .strayRecoveryConf: [LabPath(Self.recoveryConfPath(state), .file)]
        case .lowMaxConnections:
            [LabPath(URL(fileURLWithPath: Self.sizingFilePath(state)).deletingLastPathComponent().path, .directory),
             LabPath(Self.sizingFilePath(state), .file)]
        default: []
        }
    }
}
