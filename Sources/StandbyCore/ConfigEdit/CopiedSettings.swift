/// Settings the standby's files carry over from the primary: with the
/// data-directory layout pg_basebackup copies postgresql.conf itself, and
/// in every layout it copies postgresql.auto.conf. Some of them name the
/// primary's own address, paths or slot; each is put right (or, where
/// only the operator can judge, named) in the diff of the standby's first
/// postgresql.conf step, so none comes along unreviewed.
extension PlanBuilder {
    mutating func reviewCopiedSettings(_ chain: inout ConfChain) {
        guard step.host == .secondary else { return }
        var edits: [ConfEdit] = []
        edits += ownAddressInListenAddresses(&chain)
        if cluster.layout == .datadir { edits += primaryPaths(&chain) }
        edits += leftoverSlot(&chain)
        record(edits)
        if cluster.layout == .datadir { noteAbsoluteIncludes(chain) }
    }

    /// listen_addresses naming the primary's address: this host cannot
    /// bind it (the server would not start). It is replaced by the
    /// standby's own address, the rest of the list kept.
    private mutating func ownAddressInListenAddresses(_ chain: inout ConfChain) -> [ConfEdit] {
        guard let primary = values["PRIMARY_PG_IP"], let standby = values["SECONDARY_PG_IP"],
              primary.lowercased() != standby.lowercased(),
              let entry = chain.effective("listen_addresses") else { return [] }
        let list = ListenAddresses.entries(entry.assignment.value)
        guard list.contains(where: { $0.lowercased() == primary.lowercased() }) else { return [] }
        var replaced: [String] = []
        for item in list {
            let next = item.lowercased() == primary.lowercased() ? standby : item
            if !replaced.contains(next) { replaced.append(next) }
        }
        let value = replaced.joined(separator: ",")
        guard var conf = chain.files[entry.path] else { return [] }
        conf.replaceValue(of: entry.assignment, with: ConfValue.literal(value, for: "listen_addresses"))
        chain.replaceFile(entry.path, with: conf)
        return [ConfEdit(name: entry.assignment.name, value: value, action: .changed(from: entry.assignment.value),
                         path: entry.path, lineNumber: entry.assignment.lineNumber,
                         note: "\(cluster.layout == .datadir ? "the copy named" : "it named") the primary's own address \(primary), which this host cannot listen on")]
    }

    /// data_directory naming another directory, and hba_file or
    /// ident_file naming a file this host does not have: the server would
    /// start on the wrong directory or not at all. Commented out, the
    /// files the copy brought into the data directory count.
    private mutating func primaryPaths(_ chain: inout ConfChain) -> [ConfEdit] {
        var edits: [ConfEdit] = []
        for name in ["data_directory", "hba_file", "ident_file"] {
            guard let entry = chain.effective(name), !entry.assignment.value.isEmpty else { continue }
            let path = ConfPath.resolve(entry.assignment.value, relativeTo: entry.path)
            let reason: String
            if name == "data_directory" {
                guard path != ConfPath.resolve(cluster.dataDirectory, relativeTo: "/") else { continue }
                reason = "it names \(path), not this standby's data directory \(cluster.dataDirectory)"
            } else {
                guard !host.fileExists(path) else {
                    plan.notes.append("\(entry.path):\(entry.assignment.lineNumber) \(name) = \(path), copied from the primary: that file exists on this host too; make sure it holds the standby's rules.")
                    continue
                }
                reason = "\(path) does not exist on this host and the server would not start; the copy's own \(name == "hba_file" ? "pg_hba.conf" : "pg_ident.conf") in the data directory is used instead"
            }
            edits += commentOut(entry, in: &chain, reason: reason)
        }
        return edits
    }

    /// A primary_slot_name the copy brought along (postgresql.auto.conf,
    /// in every layout) while this standby keeps WAL without a slot: the
    /// primary would refuse to stream through a slot it does not have.
    private mutating func leftoverSlot(_ chain: inout ConfChain) -> [ConfEdit] {
        guard values["WAL_RETENTION"] != "slot", cluster.version >= PostgresMajor(12),
              let entry = chain.effective("primary_slot_name"), !entry.assignment.value.isEmpty else { return [] }
        var edits: [ConfEdit] = []
        // Every line of it, or an earlier one would take over.
        for earlier in chain.assignments(of: "primary_slot_name") where !earlier.assignment.value.isEmpty {
            edits += commentOut(earlier, in: &chain,
                                reason: "this standby keeps WAL by \(values["WAL_RETENTION"] ?? "keep"), not a slot; a slot the primary lacks stops streaming")
        }
        return edits
    }

    /// Includes of files outside the data directory: the copy did not
    /// bring them, so the standby reads this host's file of that name, if
    /// any. Only the operator knows whether it should.
    private mutating func noteAbsoluteIncludes(_ chain: ConfChain) {
        let data = ConfPath.resolve(cluster.dataDirectory, relativeTo: "/")
        for path in chain.order {
            guard let conf = chain.files[path] else { continue }
            for case .include(let kind, let target, let lineIndex) in conf.kinds {
                let resolved = ConfPath.resolve(target, relativeTo: path)
                guard target.hasPrefix("/"), !resolved.hasPrefix(data + "/") else { continue }
                let found = host.fileExists(resolved) ? "this host's own \(resolved) is read instead: check that it holds the standby's settings"
                    : "this host has no \(resolved), so nothing is read there"
                plan.notes.append("\(path):\(lineIndex + 1) \(kind.rawValue) '\(target)' was copied from the primary; the file was not: \(found).")
            }
        }
    }

    private mutating func commentOut(_ entry: ConfChain.Entry, in chain: inout ConfChain, reason: String) -> [ConfEdit] {
        guard var conf = chain.files[entry.path],
              let current = conf.assignments.first(where: { $0.lineIndex == entry.assignment.lineIndex }) else { return [] }
        conf.commentOut(current, note: "copied from the primary; commented out by standby-wizard on \(dateStamp)")
        chain.replaceFile(entry.path, with: conf)
        return [ConfEdit(name: current.name, value: current.value, action: .commentedOut(reason: reason),
                         path: entry.path, lineNumber: current.lineNumber)]
    }
}
