/// The standby's side: where it streams from and that it is a standby, in
/// the form of its version. Up to 11 that is recovery.conf with
/// standby_mode = 'on'; from 12 on, primary_conninfo is an ordinary
/// parameter and an empty standby.signal in the data directory makes the
/// server a standby (a leftover recovery.conf then stops it from starting).
extension PlanBuilder {
    mutating func writeRecoverySettings(_ settings: [ConfigSetting]) throws {
        let dataInfo = try? host.fileInfo(cluster.dataDirectory)
        switch cluster.facts.recoveryConfig {
        case .recoveryConf:
            guard let dataInfo, dataInfo.isDirectory else { throw missingDataDirectory() }
            try writeRecoveryConf(settings, dataInfo: dataInfo)
        case .standbySignal:
            let kept = settings.filter { $0.name.lowercased() != "standby_mode" }
            if kept.count < settings.count {
                plan.notes.append("standby_mode does not exist from 12 on; standby.signal takes its place.")
            }
            try setParameters(kept)
            guard let dataInfo, dataInfo.isDirectory else { throw missingDataDirectory() }
            try ensureStandbySignal(dataInfo: dataInfo)
        }
    }

    private func missingDataDirectory() -> EditPlanError {
        .missingFile(path: cluster.dataDirectory, what: "the standby's data directory; the copy step creates it")
    }

    private mutating func writeRecoveryConf(_ settings: [ConfigSetting], dataInfo: FileInfo) throws {
        let path = ConfPath.join(cluster.dataDirectory, "recovery.conf")
        var pending: [(name: String, value: String)] = []
        for setting in settings {
            let value = setting.name.lowercased() == "primary_conninfo" ? try conninfoValue(setting.value)
                : substitute(setting.value)
            pending.append((setting.name, value))
        }
        var chain: ConfChain
        do {
            chain = try ConfChain(rootPath: path, autoConfPath: nil, source: source, missingRootIsEmpty: true)
        } catch ConfChain.LoadError.unreadable(let path, let reason) {
            throw EditPlanError.unreadable(path: path, reason: reason)
        }
        if !chain.problems.isEmpty { throw EditPlanError.invalidFile(path: path, problems: chain.problems) }
        let created = chain.originals[path] == nil
        let edits = ConfEditor.set(pending, in: &chain, dateStamp: dateStamp, major: cluster.version)
        record(edits)
        // The server reads recovery.conf only when it starts.
        plan.needsReload.removeAll { name in edits.contains { $0.name == name } }
        collectChanges(from: chain, rootRole: .recoveryConf)
        for index in plan.changes.indices where plan.changes[index].path == path {
            plan.changes[index].newFileOwner = dataInfo.owner
            plan.changes[index].newFileGroup = dataInfo.group
            plan.changes[index].newFilePermissions = 0o600
            if created { plan.summary.filesCreated += 1 }
            if !plan.needsRestart.contains("recovery.conf") { plan.needsRestart.append("recovery.conf") }
        }
    }

    private mutating func ensureStandbySignal(dataInfo: FileInfo) throws {
        let path = ConfPath.join(cluster.dataDirectory, "standby.signal")
        let leftover = ConfPath.join(cluster.dataDirectory, "recovery.conf")
        if (try? source.read(leftover)) != nil {
            plan.notes.append("\(leftover) exists: PostgreSQL \(cluster.version) refuses to start while it is there. Move it away before starting the standby.")
        }
        let existing: [UInt8]?
        do { existing = try source.read(path) } catch {
            throw EditPlanError.unreadable(path: path, reason: failureReason(error))
        }
        if existing != nil {
            plan.details.append("standby.signal already present (\(path))")
            return
        }
        plan.changes.append(FileChange(path: path, role: .standbySignal, original: nil, proposed: "",
                                       newFileOwner: dataInfo.owner, newFileGroup: dataInfo.group,
                                       newFilePermissions: 0o600))
        plan.details.append("standby.signal created empty (\(path))")
        plan.summary.filesCreated += 1
        plan.needsRestart.append("standby.signal")
    }

    // MARK: - primary_conninfo and the password file

    /// The step's `key=$VAR ...` template as a correctly quoted connection
    /// string. With the password file (the default) the password leaves
    /// the string for ~postgres/.pgpass, named by passfile= where libpq
    /// knows it (10+); older libpq reads that file by default anyway.
    mutating func conninfoValue(_ template: String) throws -> String {
        guard var pairs = Conninfo.pairs(fromTemplate: template, values: values) else {
            throw EditPlanError.badTemplate("primary_conninfo must be key=value pairs: \(template)")
        }
        guard options.passwordStorage == .passwordFile,
              let index = pairs.firstIndex(where: { $0.key == "password" }) else {
            return Conninfo.render(pairs)
        }
        let password = pairs.remove(at: index).value
        let account = try? host.account(named: options.serverAccount)
        let passfile = ConfPath.join(account?.home ?? cluster.defaultPostgresHome, ".pgpass")
        if account == nil {
            plan.notes.append("No \(options.serverAccount) account on this host; the password file is planned at \(passfile).")
        }
        func field(_ key: String, _ fallback: String) -> String {
            pairs.last { $0.key == key }?.value ?? fallback
        }
        let entry = PgPass.Entry.replication(host: field("host", "localhost"), port: field("port", "5432"),
                                             user: field("user", "postgres"), password: password)
        try ensurePasswordEntry(entry, path: passfile, account: account)
        if cluster.facts.conninfoPassfile { pairs.append(("passfile", passfile)) }
        return Conninfo.render(pairs)
    }

    private mutating func ensurePasswordEntry(_ entry: PgPass.Entry, path: String, account: UserAccount?) throws {
        let bytes: [UInt8]?
        do { bytes = try source.read(path) } catch {
            throw EditPlanError.unreadable(path: path, reason: failureReason(error))
        }
        let original = bytes.map(FileText.init(bytes:))
        let result = PgPass.ensure(entry, in: original?.text ?? "")
        let masked = SecretMask.maskPasswordField(entry.line)
        switch result.outcome {
        case .unchanged(let line): plan.details.append("password file: entry already present at \(path):\(line)")
        case .replaced(let line): plan.details.append("password file: new password for \(masked) at \(path):\(line)")
        case .insertedBefore(let line): plan.details.append("password file: \(masked) added at \(path):\(line), above a wildcard line that would answer first")
        case .appended(let line): plan.details.append("password file: \(masked) added at \(path):\(line)")
        }
        if let info = try? host.fileInfo(path), info.permissions & 0o077 != 0 {
            plan.notes.append("\(path) has mode \(String(info.permissions, radix: 8)); libpq ignores a password file others can read. Writing it sets 0600.")
        }
        guard result.text != original?.text else { return }
        plan.summary.passwordEntries += 1
        plan.changes.append(FileChange(path: path, role: .passwordFile, original: bytes,
                                       encoding: original?.encoding ?? .utf8, proposed: result.text,
                                       newFileOwner: account?.uid, newFileGroup: account?.gid,
                                       newFilePermissions: PgPass.mode, forcedPermissions: PgPass.mode,
                                       mask: .passwordFileField))
    }

    /// A connection string with its password replaced by the mask.
    static func maskedConninfo(_ value: String) -> String {
        guard let pairs = Conninfo.parse(value) else {
            return value.contains("password") ? SecretMask.maskConninfo(value) : value
        }
        return Conninfo.render(pairs.map { $0.key == "password" ? ($0.key, Template.mask) : $0 })
    }
}
