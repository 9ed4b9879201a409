import Foundation

extension TrainingLab {
    /// Creates and starts both clusters and writes the answers file, with
    /// the exercise's fault in place when one is asked for.
    public func up(exercise: LabExercise? = nil, pickedAtRandom: Bool = false) throws -> LabState {
        if currentState() != nil { throw Failure.alreadyUp(statePath) }
        if let exercise, exercise.needsRoot, !isRoot { throw Failure.exerciseNeedsRoot(exercise) }
        try refuseForeignStateDirectory()
        let (version, binDirectory) = try installedServer()
        if let exercise, let major = Double(version), major < Double(exercise.oldestMajor) {
            throw Failure.exerciseNeedsMajor(exercise, installed: version)
        }
        if let exercise, exercise.needsDebianLayout, !makesDebianClusters {
            throw Failure.exerciseNeedsDebianLayout(exercise)
        }
        // Held until this function returns: by then the servers listen.
        let portLock = LabPortLock.acquire()
        defer { portLock?.release() }
        let existing = host.fileExists(ClusterDetection.lsclustersPath) ? (try? ClusterDetection.detect(on: host)) ?? [] : []
        for name in [primaryName, standbyName] where existing.contains(where: { $0.name == name }) {
            throw Failure.foreignCluster(name)
        }
        // A third for an exercise that answers with a port nobody listens on.
        let ports = try PortFinder.freePorts(exercise == .wrongPrimaryPort ? 3 : 2, excluding: Set(existing.compactMap(\.port)),
                                             startingAt: Self.portSearchStart(namePrefix))
        let claimed = try claimStateDirectory()
        let debian = makesDebianClusters
        var state = LabState(
            layout: debian ? .debian : .datadir, version: version,
            primary: plannedCluster(primaryName, debian: debian, version: version, port: ports[0]),
            standby: plannedCluster(standbyName, debian: debian, version: version, port: ports[1]),
            answersFile: stateDirectory + "/answers.yaml", archiveDirectory: stateDirectory + "/wal-archive",
            exercise: exercise, pickedAtRandom: pickedAtRandom && exercise != nil, made: claimed,
            binDirectory: serverBinDirectory, madeAsRoot: isRoot)
        // The record comes first and grows before each thing is made: if
        // anything below fails, `down` knows exactly what may exist.
        do {
            try record(LabPath(statePath, .file), in: &state)
            if debian {
                for parent in ["/etc/postgresql/\(version)", "/var/lib/postgresql/\(version)"] where !host.fileExists(parent) {
                    try record(LabPath(parent, .directory), in: &state)
                }
            }
            for cluster in [state.primary, state.standby] {
                let isPrimary = cluster == state.primary
                let options = isPrimary ? startOptions(exercise) : []
                if debian {
                    let configDirectory = Self.debianConfigDirectory(version: version, cluster: cluster.name)
                    let before = try? FileManager.default.contentsOfDirectory(atPath: configDirectory)
                    try record(LabPath(configDirectory, .clusterConfig, before: before), in: &state)
                    try createDebianCluster(cluster, version: version, startOptions: options, isPrimary: isPrimary)
                } else {
                    try record(LabPath(Self.clusterBase(cluster), .tree), in: &state)
                    try createDataDirCluster(cluster, binDirectory: binDirectory, startOptions: options, isPrimary: isPrimary)
                }
            }
            // Named here, made by the walkthrough: the lab's all the same.
            try record(LabPath(state.archiveDirectory, .tree), in: &state)
            if exercise != nil { try record(LabPath(LabState.trailPath(in: stateDirectory), .file), in: &state) }
            if exercise == .archiveNotWritable {
                try record(LabPath(LabExercise.lockedDirectory(in: stateDirectory), .tree), in: &state)
            }
            if let pgpass = serverPasswordFile, !FileManager.default.fileExists(atPath: pgpass) {
                try record(LabPath(pgpass, .fileIfLeftEmpty), in: &state)
            }
            for planted in exercise?.plantedPaths(state) ?? [] { try record(planted, in: &state) }
            if let exercise { try prepare(exercise, state: state, binDirectory: binDirectory) }
            try record(LabPath(state.answersFile, .file), in: &state)
            try writePrivately(LabAnswers.yaml(for: state, password: LabAnswers.randomPassword(),
                                               overrides: exercise?.answerOverrides(stateDirectory: stateDirectory,
                                                                                   sparePort: ports.count > 2 ? ports[2] : nil) ?? [:]),
                               to: state.answersFile)
        } catch {
            if currentState() != nil {
                _ = try? down()
            } else {
                // lab.json could not be written: the directory is all there is.
                for path in claimed.reversed() { _ = path.remove() }
            }
            throw error
        }
        return state
    }

    /// Labs under other prefixes (tests, a trainer's second lab) start
    /// their search for free ports elsewhere, so that they find their own
    /// quickly and keep them from one lab to the next.
    public static func portSearchStart(_ prefix: String) -> Int {
        prefix == defaultPrefix ? 55432 : 55432 + Int(prefix.utf8.reduce(UInt32(7)) { $0 &* 31 &+ UInt32($1) } % 400) * 4
    }

    private func plannedCluster(_ name: String, debian: Bool, version: String, port: Int) -> LabState.Cluster {
        if debian {
            return LabState.Cluster(name: name, port: port, dataDirectory: "/var/lib/postgresql/\(version)/\(name)",
                                    logFile: "/var/log/postgresql/postgresql-\(version)-\(name).log", clusterAnswer: name)
        }
        let base = stateDirectory + "/" + name
        return LabState.Cluster(name: name, port: port, dataDirectory: base + "/data", logFile: base + "/data/log/postgresql.log",
                                clusterAnswer: base + "/data")
    }

    private func createDebianCluster(_ cluster: LabState.Cluster, version: String, startOptions: [String], isPrimary: Bool) throws {
        try check(["pg_createcluster", "-p", "\(cluster.port)", version, cluster.name], "pg_createcluster \(cluster.name)")
        let configDirectory = Self.debianConfigDirectory(version: version, cluster: cluster.name)
        if isPrimary { try onlyTheWalkthroughAdmitsReplication(hbaFile: configDirectory + "/pg_hba.conf") }
        if !startOptions.isEmpty {
            // pg_ctlcluster hands these to pg_ctl on every start, as it
            // would for a DBA who once put them there. It splits them at
            // spaces without shell quoting, hence one -o per setting.
            try rewrite(configDirectory + "/pg_ctl.conf") { text in
                text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    line.hasPrefix("pg_ctl_options") ? "pg_ctl_options = '\(startOptions.map { "-o " + $0 }.joined(separator: " "))'" : String(line)
                }.joined(separator: "\n")
            }
        }
        try check(["pg_ctlcluster", version, cluster.name, "start"], "pg_ctlcluster \(version) \(cluster.name) start")
    }

    /// initdb as whoever runs the wizard (as postgres when that is root),
    /// with the socket beside the data so no system path is needed.
    private func createDataDirCluster(_ cluster: LabState.Cluster, binDirectory: String, startOptions: [String], isPrimary: Bool) throws {
        let base = Self.clusterBase(cluster)
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        if isRoot { try check(["chown", "-R", "postgres:postgres", stateDirectory], "chown") }
        // The superuser is called postgres as in production, whoever owns
        // the files; peer logins map the owner to it, and nobody else.
        // -N: the long option is --nosync up to 9.6 and --no-sync from 10;
        // the short one is the same in every version.
        try check(asOwner([binDirectory + "/initdb", "-D", cluster.dataDirectory, "-U", "postgres", "-A", "peer", "-N"]),
                  "initdb \(cluster.name)")
        try rewrite(cluster.dataDirectory + "/pg_hba.conf") { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasPrefix("local") && line.hasSuffix("peer") ? line + " map=lab" : String(line)
            }.joined(separator: "\n")
        }
        try appendAsOwner("lab \(serverAccount) postgres\n", to: cluster.dataDirectory + "/pg_ident.conf")
        // The collector with one fixed file name, as data-directory packages
        // log: the gates find the log from the configuration alone.
        let settings = "\n# standby-wizard lab\nport = \(cluster.port)\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '\(base)'\n"
            + "logging_collector = on\nlog_filename = 'postgresql.log'\n"
        try appendAsOwner(settings, to: cluster.dataDirectory + "/postgresql.conf")
        if isPrimary { try onlyTheWalkthroughAdmitsReplication(hbaFile: cluster.dataDirectory + "/pg_hba.conf") }
        // pg_ctl -l catches what the server says before the collector runs.
        // Options given with -o are kept in postmaster.opts, and every
        // later `pg_ctl restart` uses them again.
        let options = startOptions.flatMap { ["-o", $0] }
        try check(asOwner([binDirectory + "/pg_ctl", "-D", cluster.dataDirectory, "-l", base + "/startup.log"] + options + ["-w", "start"]),
                  "pg_ctl start \(cluster.name)")
    }

    private func startOptions(_ exercise: LabExercise?) -> [String] {
        // postgres reads -cNAME=VALUE as one word, so no quoting is needed.
        (exercise?.primaryStartSettings ?? []).map { "-c\($0.0)=\($0.1)" }
    }

    /// initdb and pg_createcluster admit replication from loopback out of
    /// the box. A real primary admits its standby only through the rule the
    /// walkthrough adds, so the lab turns those defaults off.
    private func onlyTheWalkthroughAdmitsReplication(hbaFile: String) throws {
        try rewrite(hbaFile) { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard fields.count >= 4, fields[0] == "host", fields[1] == "replication", fields[2] == "all" else { return String(line) }
                return "# standby-wizard lab: off, so that only the walkthrough's rule admits the standby\n# " + line
            }.joined(separator: "\n")
        }
    }

    /// What the exercise needs once both servers run.
    private func prepare(_ exercise: LabExercise, state: LabState, binDirectory: String) throws {
        switch exercise {
        case .wrongPassword:
            // A throwaway password nobody is meant to know: the point is
            // that it is not the one in the answers file.
            let decoy = LabAnswers.randomPassword()
            try check(asOwner([binDirectory + "/psql", "-X", "-q", "-p", "\(state.primary.port)", "-U", "postgres", "-d", "postgres"]
                              + socketArguments(state.primary, layout: state.layout)
                              + ["-c", "CREATE ROLE \(LabAnswers.replicationUser) LOGIN REPLICATION CONNECTION LIMIT 5 PASSWORD '\(decoy)'"]),
                      "creating the earlier attempt's role")
        case .archiveNotWritable:
            try FileManager.default.createDirectory(atPath: LabExercise.lockedDirectory(in: stateDirectory),
                                                    withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        case .strayRecoveryConf:
            try plantRecoveryConf(in: state)
        case .lowMaxConnections:
            try lowerStandbyMaxConnections(state)
        case .md5Password:
            // Kept by the server for the role, in no configuration file: a
            // migration script's leftover that every new password obeys.
            try check(asOwner([binDirectory + "/psql", "-X", "-q", "-p", "\(state.primary.port)", "-U", "postgres", "-d", "postgres"]
                              + socketArguments(state.primary, layout: state.layout)
                              + ["-c", "ALTER ROLE postgres SET password_encryption = 'md5'"]),
                      "setting md5 hashing for the postgres role")
        case .missingHbaRule, .walLevelTooLow, .maxWalSendersZero, .primaryOnLocalhost, .wrongPrimaryPort:
            break
        }
    }

    private func socketArguments(_ cluster: LabState.Cluster, layout: LabState.Layout) -> [String] {
        layout == .datadir ? ["-h", URL(fileURLWithPath: cluster.dataDirectory).deletingLastPathComponent().path] : []
    }

    /// The state directory, made for the lab or lent to it empty; anything
    /// else there belongs to someone, and the lab will not share it.
    private func claimStateDirectory() throws -> [LabPath] {
        let files = FileManager.default
        try refuseForeignStateDirectory()
        // Others may pass through but not list it: the server (postgres)
        // must reach the archive inside, while the answers file holding
        // the password stays 0600.
        if files.fileExists(atPath: stateDirectory) {
            var st = stat()
            guard stat(stateDirectory, &st) == 0 else { throw Failure.command("stat \(stateDirectory)", SystemError.text(errno)) }
            let lent = LabPath(stateDirectory, .borrowedDirectory, mode: UInt16(st.st_mode & 0o7777), owner: st.st_uid, group: st.st_gid)
            _ = chmod(stateDirectory, 0o711)
            return [lent]
        }
        var missing: [String] = []
        var path = stateDirectory
        while !path.isEmpty, path != "/", !files.fileExists(atPath: path) {
            missing.insert(path, at: 0)
            path = URL(fileURLWithPath: path).deletingLastPathComponent().path
        }
        var made: [LabPath] = []
        for directory in missing {
            guard mkdir(directory, 0o755) == 0 else {
                for earlier in made.reversed() { _ = earlier.remove() }
                throw Failure.command("making \(directory)", SystemError.text(errno))
            }
            made.append(LabPath(directory, .directory))
        }
        _ = chmod(stateDirectory, 0o711)
        return made
    }

    private func refuseForeignStateDirectory() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: stateDirectory, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw Failure.command("using \(stateDirectory) for the lab", "it is not a directory") }
        let names = try FileManager.default.contentsOfDirectory(atPath: stateDirectory).sorted()
        guard names.isEmpty else { throw Failure.stateDirectoryInUse(stateDirectory, names) }
    }

    /// Adds `path` to lab.json before it is made.
    private func record(_ path: LabPath, in state: inout LabState) throws {
        state.made.append(path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writePrivately(String(decoding: try encoder.encode(state), as: UTF8.self), to: statePath)
    }

    static func debianConfigDirectory(version: String, cluster: String) -> String {
        "/etc/postgresql/\(version)/\(cluster)"
    }

    /// A data-directory cluster's own directory: its data, socket and
    /// startup log.
    static func clusterBase(_ cluster: LabState.Cluster) -> String {
        URL(fileURLWithPath: cluster.dataDirectory).deletingLastPathComponent().path
    }

    /// The server account's libpq password file, where the walkthrough
    /// stores the replication password.
    var serverPasswordFile: String? {
        guard let account = getpwnam(serverAccount), let home = account.pointee.pw_dir.map({ String(cString: $0) }) else { return nil }
        return home + "/.pgpass"
    }

    /// In place, so the file keeps its owner and mode.
    func rewrite(_ path: String, _ change: (String) -> String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(change(text).utf8))
    }

    /// Who runs the lab's servers: postgres when made as root, else the
    /// user who made the lab.
    var serverAccount: String {
        isRoot ? "postgres" : (getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "postgres")
    }

    func asOwner(_ argv: [String]) -> [String] {
        isRoot ? ["runuser", "-u", "postgres", "--"] + argv : argv
    }

    private func appendAsOwner(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    func check(_ argv: [String], _ what: String) throws {
        let result = try host.run(argv, environment: nil)
        guard result.succeeded else {
            throw Failure.command(what, ErrorText.oneLine(result.stderr + "\n" + result.stdout))
        }
    }

    func writePrivately(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw Failure.command("writing \(path)", "cannot create the file")
        }
    }
}
