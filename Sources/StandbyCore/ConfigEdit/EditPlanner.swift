import Foundation

/// Turns an edit step and the answers into the changes it would make to
/// the files as they are now on its host. Reads only; `EditApplier`
/// writes.
public enum EditPlanner {
    public static func plan(_ step: ScreenDefinition, answers: Answers, host: any HostAccess, now: Date,
                            options: EditOptions = EditOptions()) throws -> StepEditPlan {
        guard case .edit(let edit) = step.action else { throw EditPlanError.notAnEditStep(step.id) }
        var builder = try PlanBuilder(step: step, answers: answers, host: host, now: now, options: options)
        try builder.checkReferences(edit)
        switch edit.file {
        case .postgresqlConf:
            try builder.setParameters(edit.settings)
        case .pgHbaConf:
            try builder.ensureRules(edit.hbaRules)
        case .recoverySettings:
            try builder.writeRecoverySettings(edit.settings)
        }
        return builder.plan
    }

    /// yyyy-mm-dd in local time, for the comments the editors add.
    static func dateStamp(_ date: Date) -> String {
        LocalTime.format(date, "%Y-%m-%d")
    }
}

/// The state of one planning run.
struct PlanBuilder {
    let step: ScreenDefinition
    let answers: Answers
    let host: any HostAccess
    let cluster: ClusterFiles
    let values: [String: String]
    let source: ConfigFileSource
    let options: EditOptions
    let dateStamp: String
    var plan: StepEditPlan

    init(step: ScreenDefinition, answers: Answers, host: any HostAccess, now: Date, options: EditOptions) throws {
        self.step = step
        self.answers = answers
        self.host = host
        self.options = options
        cluster = try ClusterFiles(role: step.host, answers: answers)
        var values = answers.values
        for (name, value) in DerivedVariables.values(from: answers) { values[name] = value }
        for (name, value) in options.primaryLimits { values[name] = value }
        self.values = values
        let base = ConfigFileSource(host: host)
        let overrides = options.overrides
        source = ConfigFileSource(read: { path in
            if let text = overrides[path] { return Array(text.utf8) }
            return try base.read(path)
        }, list: base.list)
        dateStamp = EditPlanner.dateStamp(now)
        plan = StepEditPlan(stepID: step.id, host: step.host)
    }

    func checkReferences(_ edit: EditAction) throws {
        var texts = edit.settings.map(\.value)
        for rule in edit.hbaRules { texts += [rule.type, rule.database, rule.user, rule.address, rule.method] }
        var missing: [String] = []
        for text in texts {
            // The primary's limits may be unreadable from here: those
            // settings are left out with a note instead (setParameters).
            for name in Template.references(in: text) where values[name] == nil && !missing.contains(name)
                && !StandbyLimits.variables.contains(name) {
                missing.append(name)
            }
        }
        if !missing.isEmpty { throw EditPlanError.missingAnswers(missing) }
    }

    func substitute(_ text: String) -> String { Template.substitute(text, values: values) }

    // MARK: - postgresql.conf

    mutating func setParameters(_ settings: [ConfigSetting]) throws {
        var pending: [(name: String, value: String)] = []
        var unread: [String] = []
        var fromPrimary: Set<String> = []
        for setting in settings {
            let limits = Template.references(in: setting.value).filter { StandbyLimits.variables.contains($0) }
            if !limits.isEmpty {
                fromPrimary.insert(setting.name)
                guard StandbyLimits.applies(setting.name, on: cluster.version) else { continue }
                if limits.contains(where: { values[$0] == nil }) {
                    unread.append(setting.name)
                    continue
                }
            }
            if setting.name.lowercased() == "primary_conninfo" {
                pending.append((setting.name, try conninfoValue(setting.value)))
            } else {
                pending.append((setting.name, substitute(setting.value)))
            }
        }
        var chain = try loadChain()
        // A limit no file sets is the server's built-in value; a line is
        // only added when the primary's is higher.
        var byDefault: [String] = []
        pending.removeAll { setting in
            guard fromPrimary.contains(setting.name), chain.effective(setting.name) == nil,
                  StandbyLimits.builtInSuffices(setting.name, wanted: setting.value) else { return false }
            byDefault.append("\(setting.name) (\(setting.value))")
            return true
        }
        if !byDefault.isEmpty {
            plan.details.append("not set, and the built-in value is not lower than the primary's: " + byDefault.joined(separator: ", "))
        }
        // A server with WAL senders refuses to start at wal_level minimal:
        // a standby given the primary's max_wal_senders needs more too.
        if fromPrimary.contains("max_wal_senders"), !pending.contains(where: { $0.name == "wal_level" }),
           let senders = pending.first(where: { $0.name == "max_wal_senders" }), (Int(senders.value) ?? 0) > 0,
           chain.value(of: "wal_level")?.lowercased() == "minimal", let level = values["WAL_LEVEL"] {
            pending.append(("wal_level", level))
        }
        // The address the other host (or the checks) reach this server at.
        let ownAddress: String? = switch step.host {
        case .primary: values["PRIMARY_PG_IP"]
        case .secondary: values["SECONDARY_PG_IP"]
        case .local: nil
        }
        let edits = ConfEditor.set(pending, in: &chain, dateStamp: dateStamp, major: cluster.version,
                                   listenAddress: ownAddress)
        record(edits)
        reviewCopiedSettings(&chain)
        if !unread.isEmpty {
            plan.notes.append("The primary's \(unread.joined(separator: ", ")) could not be read from here, so they are left as they are: compare them with the primary's (SHOW on each) and raise any that is lower on the standby, or it will not replay.")
        }
        retireRemovedSettings(&chain)
        collectChanges(from: chain, rootRole: .postgresqlConf)
        if pending.contains(where: { $0.name.lowercased() == "archive_command" }),
           let library = chain.effective("archive_library"),
           let conflict = ArchiveLibrary.conflict(library: library.assignment.value, major: cluster.version) {
            plan.notes.append("\(library.path):\(library.assignment.lineNumber) " + conflict)
        }
    }

    /// The server's files for this cluster, postgresql.auto.conf included:
    /// found through data_directory when postgresql.conf names one.
    func loadChain() throws -> ConfChain {
        let root = cluster.postgresqlConf
        let first: ConfChain
        do {
            first = try ConfChain(rootPath: root, autoConfPath: nil, source: source)
        } catch ConfChain.LoadError.missing(let path) {
            throw EditPlanError.missingFile(path: path, what: "postgresql.conf of the \(step.host.rawValue)'s cluster")
        } catch ConfChain.LoadError.unreadable(let path, let reason) {
            throw EditPlanError.unreadable(path: path, reason: reason)
        }
        let chain: ConfChain
        do {
            chain = try ConfChain(rootPath: root, autoConfPath: ConfPath.join(dataDirectory(first), "postgresql.auto.conf"),
                                  source: source)
        } catch ConfChain.LoadError.unreadable(let path, let reason) {
            throw EditPlanError.unreadable(path: path, reason: reason)
        }
        if !chain.problems.isEmpty { throw EditPlanError.invalidFile(path: root, problems: chain.problems) }
        return chain
    }

    func dataDirectory(_ chain: ConfChain) -> String {
        // With the configuration inside the data directory, a data_directory
        // line can only be one copied from elsewhere (see CopiedSettings).
        if cluster.layout == .datadir { return cluster.dataDirectory }
        if let configured = chain.value(of: "data_directory"), configured.hasPrefix("/") { return configured }
        return cluster.dataDirectory
    }

    mutating func record(_ edits: [ConfEdit]) {
        for var edit in edits {
            if edit.name.lowercased() == "primary_conninfo" {
                // The edit is only described here; the file gets the real value.
                edit.value = Self.maskedConninfo(edit.value)
                if case .changed(let from) = edit.action { edit.action = .changed(from: Self.maskedConninfo(from)) }
                if case .keptStronger(let current, let reason) = edit.action {
                    edit.action = .keptStronger(current: Self.maskedConninfo(current), reason: reason)
                }
            }
            plan.settingEdits.append(edit)
            plan.details.append(edit.description)
            switch edit.action {
            case .commentedOut:
                // Nothing to make take effect: the line only has to be gone
                // before the server next starts.
                plan.summary.settingsChanged += 1
                continue
            case .changed, .uncommented:
                plan.summary.settingsChanged += 1
            case .appended:
                plan.summary.settingsAdded += 1
            case .unchanged, .keptStronger:
                plan.summary.settingsKept += 1
                continue
            }
            switch SettingContext.activation(of: edit.name, version: cluster.version) {
            case .restart: plan.needsRestart.append(edit.name)
            case .reload: plan.needsReload.append(edit.name)
            }
        }
    }

    mutating func collectChanges(from chain: ConfChain, rootRole: EditFileRole) {
        for path in chain.order {
            guard let conf = chain.files[path] else { continue }
            let original = chain.originals[path]
            let encoding = chain.encodings[path] ?? .utf8
            let before = original.map { FileText(bytes: $0).text }
            guard before != conf.text else { continue }
            let role: EditFileRole = path == chain.rootPath ? rootRole : path == chain.autoConfPath ? .autoConf : .includedConf
            plan.changes.append(FileChange(path: path, role: role, original: original, encoding: encoding,
                                           proposed: conf.text, mask: .conninfoPassword))
        }
    }

    /// Lines that would stop the server at its next start although the
    /// step's own edit is fine: parameters this version removed. They are
    /// commented out in the same diff, before the restart needs them gone.
    mutating func retireRemovedSettings(_ chain: inout ConfChain) {
        guard cluster.version >= PostgresMajor("13")! else { return }
        let reason = "PostgreSQL \(cluster.version) no longer knows it and would not start (wal_keep_size replaces it)"
        var edits: [ConfEdit] = []
        for entry in chain.assignments(of: "wal_keep_segments") {
            guard var conf = chain.files[entry.path],
                  let current = conf.assignments.first(where: { $0.lineIndex == entry.assignment.lineIndex }) else { continue }
            conf.commentOut(current, note: "removed in PostgreSQL 13; commented out by standby-wizard on \(dateStamp)")
            chain.replaceFile(entry.path, with: conf)
            edits.append(ConfEdit(name: current.name, value: current.value, action: .commentedOut(reason: reason),
                                  path: entry.path, lineNumber: current.lineNumber))
        }
        record(edits)
    }
}
