import Foundation

/// What would make a later step fail, found before the first change: each
/// check says what it found and, when it fails, what to do about it.
extension Verification {
    /// Every server setting a standby must have at least as high as its
    /// primary: set lower, the standby refuses to start (up to 13) or
    /// pauses replay (14 on).
    static let mustNotBeLower = ["max_connections", "max_worker_processes", "max_wal_senders",
                                 "max_prepared_transactions", "max_locks_per_transaction"]

    func preflight(_ check: VerifyCheck) throws -> Result {
        switch check {
        case .sameMajor: try sameMajor()
        case .walSenders: try walSenders()
        case .standbySettings: try standbySettings()
        case .freeSpace: try freeSpace()
        case .tablespaces: try tablespaces()
        case .archiveWritable: try archiveWritable()
        case .standbyPort: try standbyPort()
        default: Result(check: check, passed: false, detail: ["not a preflight check"])
        }
    }

    func failed(_ check: VerifyCheck, _ found: String, fix: String) -> Result {
        Result(check: check, passed: false, detail: [found, "fix: " + fix])
    }

    private func sameMajor() throws -> Result {
        let wanted = values["PRIMARY_PG_VERSION"] ?? "?"
        let answer: String
        do {
            answer = try primary.serverVersionNum()
        } catch {
            // A wrong port is the likeliest reason, and the cheapest to name.
            if let mismatch = primaryPortMismatch() { return mismatch }
            throw error
        }
        let number = Int(answer) ?? 0
        let running = number >= 100000 ? "\(number / 10000)" : "\(number / 10000).\(number / 100 % 100)"
        guard running == wanted else {
            return failed(.sameMajor, "the primary runs PostgreSQL \(running), not \(wanted) as answered",
                          fix: "answer \(running) for both hosts, or point the answers at the right primary")
        }
        let hereArch = try? machine(of: standby.host)
        let thereArch = try? machine(of: primary.host)
        if let hereArch, let thereArch, hereArch != thereArch {
            return failed(.sameMajor, "the primary is \(thereArch), the standby \(hereArch): a copy of the data files cannot run there",
                          fix: "build the standby on a \(thereArch) host")
        }
        return Result(check: .sameMajor, passed: true,
                      detail: ["the primary runs PostgreSQL \(running)" + (thereArch.map { " on \($0)" } ?? "") + "; the standby host is " + (hereArch ?? "of an unknown architecture")])
    }

    private func machine(of host: any HostAccess) throws -> String {
        let output = try host.run(["uname", "-m"], environment: nil)
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func walSenders() throws -> Result {
        // One query for the three: each psql is a process and a connection.
        let row = SQLRows.fields(try primary.query(
            "SELECT current_setting('wal_level'), current_setting('max_wal_senders'), (SELECT count(*) FROM pg_stat_replication)"))
        let level = row.first ?? ""
        let senders = Int(row.dropFirst().first ?? "") ?? 0
        let used = Int(row.dropFirst(2).first ?? "") ?? 0
        // The walkthrough's own edit sets at least this many.
        let planned = max(senders, Int(values["MAX_WAL_SENDERS"] ?? "") ?? senders)
        // The copy with its WAL stream takes two senders, the standby one.
        guard planned - used >= 2 else {
            return failed(.walSenders, "\(used) of max_wal_senders = \(planned) are in use: the copy needs two free",
                          fix: "raise max_wal_senders on the primary beyond \(used + 2), or end the connections that hold them")
        }
        return Result(check: .walSenders, passed: true,
                      detail: ["wal_level is \(level) and \(used) of \(senders) WAL senders are in use; after the walkthrough's edits: at least \(values["WAL_LEVEL"] ?? "replica") with \(planned)"])
    }

    private func standbySettings() throws -> Result {
        // The data-directory layout copies the primary's postgresql.conf.
        if HostAnswers(.secondary, values: values).layout == .datadir {
            return Result(check: .standbySettings, passed: true,
                          detail: ["the copy brings the primary's postgresql.conf, so the standby starts with the primary's settings"])
        }
        let names = Self.mustNotBeLower.map { "'\($0)'" }.joined(separator: ", ")
        let sql = "SELECT name || '=' || setting FROM pg_settings WHERE name IN (\(names)) ORDER BY name"
        let onPrimary = Self.settings(try primary.query(sql))
        let onStandby: [String: Int]
        do {
            onStandby = Self.settings(try standby.query(sql))
        } catch {
            return failed(.standbySettings, "the standby's server does not answer, so its settings cannot be compared: \(error)",
                          fix: "start the standby's server for this check, or compare \(Self.mustNotBeLower.joined(separator: ", ")) by hand")
        }
        var planned = onPrimary
        if let senders = Int(values["MAX_WAL_SENDERS"] ?? ""), senders > planned["max_wal_senders"] ?? 0 {
            planned["max_wal_senders"] = senders
        }
        let lower = Self.mustNotBeLower.filter { name in (onStandby[name] ?? 0) < (planned[name] ?? 0) }
        guard lower.isEmpty else {
            return failed(.standbySettings,
                          "the standby has " + lower.map { "\($0) = \(onStandby[$0] ?? 0) (primary: \(planned[$0] ?? 0))" }.joined(separator: ", "),
                          fix: "set these at least as high in the standby's postgresql.conf before it starts as a standby; the step \"Allow read queries\" proposes that edit, so overriding this check leaves it to that step")
        }
        return Result(check: .standbySettings, passed: true,
                      detail: ["the standby's " + Self.mustNotBeLower.joined(separator: ", ") + " are at least the primary's"])
    }

    static func settings(_ rows: String) -> [String: Int] {
        var found: [String: Int] = [:]
        for row in rows.split(separator: "\n") {
            let parts = row.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2, let value = Int(parts[1]) { found[parts[0]] = value }
        }
        return found
    }

    private func freeSpace() throws -> Result {
        // The databases and, where the server can list it (10 and later),
        // pg_wal: what the copy brings. One query, one connection.
        let databases = "(SELECT sum(pg_database_size(oid)) FROM pg_database)"
        let number = Int(try primary.serverVersionNum()) ?? 0
        let held = Int64(try primary.query(number >= 100000
            ? "SELECT \(databases) + (SELECT coalesce(sum(size), 0) FROM pg_ls_waldir())"
            : "SELECT \(databases)")) ?? 0
        // Room for WAL written during the copy and the standby's own.
        let needed = held + held / 10 + 256 * 1024 * 1024
        guard let directory = HostAnswers(.secondary, values: values).dataDirectory,
              let available = try FileSystemSpace.of(directory, on: standby.host)?.availableBytes else {
            return failed(.freeSpace, "the free space on the standby cannot be read", fix: "check with df that the standby has \(Self.size(needed)) free")
        }
        guard available >= needed else {
            return failed(.freeSpace, "the standby has \(Self.size(available)) free where the copy goes; it needs about \(Self.size(needed)) (the primary holds \(Self.size(held)))",
                          fix: "free space on the standby's file system, or put the data directory on a larger one")
        }
        return Result(check: .freeSpace, passed: true,
                      detail: ["the copy needs about \(Self.size(needed)); the standby has \(Self.size(available)) free"])
    }

    /// "0 bytes", or "1.5 MB (1572864 bytes)": the exact number beside the
    /// readable one, for comparing with what psql shows.
    static func bytes(_ count: Int64) -> String {
        let readable = size(count)
        return readable == "\(count) bytes" ? readable : "\(readable) (\(count) bytes)"
    }

    static func size(_ bytes: Int64) -> String {
        let units = ["bytes", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) bytes" : String(format: "%.1f %@", value, units[unit])
    }

    private func tablespaces() throws -> Result {
        let rows = try primary.query("SELECT spcname || '|' || pg_tablespace_location(oid) FROM pg_tablespace WHERE spcname NOT IN ('pg_default', 'pg_global') ORDER BY 1")
        let locations = rows.split(separator: "\n").compactMap { row -> (String, String)? in
            let parts = row.split(separator: "|", maxSplits: 1).map(String.init)
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
        guard !locations.isEmpty else {
            return Result(check: .tablespaces, passed: true, detail: ["the primary has no tablespaces of its own: everything is copied into the data directory"])
        }
        let busy = locations.filter { _, path in
            guard let names = try? standby.host.listDirectory(path) else { return false }
            return !names.isEmpty
        }
        guard busy.isEmpty else {
            return failed(.tablespaces, "the copy writes tablespace " + busy.map { "\($0.0) into \($0.1)" }.joined(separator: ", ")
                          + " on the standby, and \(busy.count == 1 ? "that directory is" : "those directories are") not empty",
                          fix: "move what is there aside (or map the tablespace elsewhere with pg_basebackup --tablespace-mapping)")
        }
        return Result(check: .tablespaces, passed: true,
                      detail: ["tablespace locations on the standby are absent or empty: " + locations.map { $0.1 }.joined(separator: ", ")])
    }

    private func archiveWritable() throws -> Result {
        guard let archive = values["REP_ARCHIVE"] else {
            return Result(check: .archiveWritable, passed: true, detail: ["no archive directory answered"])
        }
        // SHOW, not the files: a start option or ALTER SYSTEM counts too.
        if let major = try? ReplicationSQL.of(primary).major, ArchiveLibrary.exists(on: major),
           let conflict = ArchiveLibrary.conflict(library: (try? primary.query("SHOW archive_library")) ?? "", major: major) {
            return failed(.archiveWritable, conflict,
                          fix: "on the primary, remove archive_library from postgresql.conf (or ALTER SYSTEM RESET archive_library) before its restart")
        }
        let account = values["SERVER_OS_USER"] ?? "postgres"
        guard primary.host.fileExists(archive) else {
            // The walkthrough makes it as root and gives it to the server's
            // account, but the directories above it stay as they are: one
            // the account cannot search fails every archive_command, found
            // only at the verification.
            var parent = (archive as NSString).deletingLastPathComponent
            while parent.count > 1 && !primary.host.fileExists(parent) { parent = (parent as NSString).deletingLastPathComponent }
            let test: [String] = primary.isRoot ? ["runuser", "-u", account, "--", "test", "-x", parent] : ["test", "-x", parent]
            guard try primary.host.run(test, environment: nil).succeeded else {
                return failed(.archiveWritable, "\(account) cannot reach \(parent), where \(archive) would be made: a directory on the way is not searchable by it",
                              fix: "make the directories above \(archive) searchable by \(account) (chmod o+x), or answer another archive directory")
            }
            return Result(check: .archiveWritable, passed: true,
                          detail: ["\(archive) does not exist yet: the walkthrough makes it, owned by \(account), who can reach \(parent)"])
        }
        let test: [String] = primary.isRoot ? ["runuser", "-u", account, "--", "test", "-w", archive, "-a", "-x", archive] : ["test", "-w", archive, "-a", "-x", archive]
        let output = try primary.host.run(test, environment: nil)
        guard output.succeeded else {
            return failed(.archiveWritable, "\(account) cannot write into \(archive) (or cannot reach it through its parents)",
                          fix: "chown \(account) '\(archive)' and make its parent directories searchable, or answer another archive directory")
        }
        return Result(check: .archiveWritable, passed: true, detail: ["\(account) can write into \(archive)"])
    }
}
