import Foundation

/// One done step as bash lines, from what the journal recorded of it.
struct RunbookStep {
    var step: ScreenDefinition
    var record: StepRecord
    var values: [String: String]
    var hosts: any HostResolver

    func lines() -> [String] {
        switch step.action {
        case .info, .form: []
        case .command(let action): command(action)
        case .edit: edits()
        case .gate(let gate):
            // Two log signs can be proved by one query; it is asked once.
            gate.expect.flatMap { wait(for: $0, on: step.host, timeout: gate.timeoutSeconds) }
                .reduce(into: [String]()) { lines, line in if !lines.contains(line) { lines.append(line) } }
        case .verify(let verify): verify.checks.allSatisfy(\.isPreflight) ? [] : verification()
        }
    }

    private static func q(_ text: String) -> String { ShellQuote.quote(text) }

    // MARK: Commands

    private func command(_ action: CommandAction) -> [String] {
        guard let run = record.run ?? planned(action) else {
            return ["# The command could not be planned again from the answers: do this step by hand."]
        }
        let standby = HostAnswers(.secondary, values: values)
        let data = standby.dataDirectory ?? ""
        var lines: [String] = []
        switch action.guardedBy {
        case .standbyDataDirectory?:
            lines.append("guard_standby_directory \(Self.q(data)) \(Self.q(standby.cluster ?? "")) \(Self.q(values["SECONDARY_PG_BINDIR"] ?? ""))")
        case .emptyCopyTarget?:
            lines.append("require_empty \(Self.q(data))")
        case .replicationRoleAbsent?, .standbyServerAbsent?, nil:
            break
        }
        let environment = run.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.q($0.value)) " }.joined()
        let function = switch run.password {
        case .createuserPrompts?: "with_password_prompts"
        case .passwordFile?: "with_password_file"
        case nil: "as_account"
        }
        let call = "\(environment)\(function) \(run.runAs) \(Self.q(run.line))"
        // The checks the wizard made itself, before the procedure's command.
        if action.guardedBy == .replicationRoleAbsent {
            let user = values["REP_USER"] ?? ""
            let literal = "'" + user.replacingOccurrences(of: "'", with: "''") + "'"
            let port = values["PRIMARY_PG_PORT"] ?? "5432"
            let psql = "\(values["PRIMARY_PG_BINDIR"].map { $0 + "/" } ?? "")psql -X -p \(port) -U postgres -d postgres -tAc \(Self.q("SELECT 1 FROM pg_roles WHERE rolname = \(literal)"))"
            return lines + ["if as_account postgres \(Self.q(psql)) | grep -q 1; then",
                            "    echo \(Self.q("role \(user) exists already on the primary: left as it is"))",
                            "else", "    " + call, "fi"]
        }
        if action.guardedBy == .standbyServerAbsent {
            let postgres = (values["SECONDARY_PG_BINDIR"] ?? "") + "/postgres"
            return lines + ["if [ -x \(Self.q(postgres)) ]; then",
                            "    echo \(Self.q("PostgreSQL is installed already (\(postgres)): nothing to install"))",
                            "else", "    " + call, "fi"]
        }
        if case .service(.stop) = action.spec, action.guardedBy == .standbyDataDirectory {
            // A server already down has nothing to stop, as in the wizard.
            return lines + ["if [ -f \(Self.q(data + "/postmaster.pid")) ]; then", "    " + call,
                            "else", "    echo 'the server is not running: nothing to stop'", "fi"]
        }
        return lines + [call]
    }

    /// A step that ran nothing (its server was already down) planned the
    /// way the wizard would have run it.
    private func planned(_ action: CommandAction) -> RecordedCommand? {
        let role: HostRole = step.host == .secondary ? .secondary : .primary
        let builder = CommandBuilder.forHost(role, values: values, hosts: hosts, serviceOverride: nil)
        // Any password makes the plan say how it would be handed over;
        // the line itself never holds it.
        return (try? builder.plan(action, host: role, values: values, password: "-")).map(RecordedCommand.init(plan:))
    }

    // MARK: Edits

    private func edits() -> [String] {
        guard let edits = record.edits else {
            return record.written.isEmpty ? [] : ["# This journal does not say what the edit changed in " + record.written.joined(separator: ", ") + ": do it by hand."]
        }
        guard !edits.isEmpty else { return ["echo 'the files already said what this step wants: nothing to change'"] }
        return edits.map { edit in
            switch edit.kind {
            case .setting:
                "set_setting \(Self.q(edit.path)) \(Self.q(edit.name ?? "")) \(Self.q("\(edit.name ?? "") = \(edit.value ?? "")"))"
            case .hbaRule:
                "add_hba_rule \(Self.q(edit.path)) \(Self.q(edit.value ?? ""))" + (edit.before.map { " " + Self.q($0) } ?? "")
            case .passwordEntry:
                "add_password_entry \(Self.q(edit.path)) \(Self.q(edit.name ?? ""))"
            case .emptyFile:
                "make_file \(Self.q(edit.path))"
            }
        }
    }

    // MARK: Waits and the final check

    private struct Cluster {
        var bindir: String
        var port: String
        var socket: String
        var major: PostgresMajor

        func arguments(_ what: String, timeout: Int, log: String) -> String {
            [what, String(timeout), log, bindir, port, socket].map(ShellQuote.quote).joined(separator: " ")
        }
    }

    private func cluster(_ role: HostRole) -> Cluster {
        let answers = HostAnswers(role, values: values)
        let prefix = role == .secondary ? "SECONDARY" : "PRIMARY"
        return Cluster(bindir: values["\(prefix)_PG_BINDIR"] ?? "", port: answers.port ?? "5432",
                       socket: SocketDirectory.of(role, values: values, host: hosts.host(for: role)) ?? "",
                       major: answers.version ?? PostgresMajor(15))
    }

    private func wait(for signal: GateSignal, on role: HostRole, timeout: Int) -> [String] {
        let server = cluster(role)
        let log = record.logStart?.path ?? ""
        let (what, query): (String, String) = switch signal {
        case .acceptingConnections: ("the server accepts connections", "SELECT 1")
        case .standbyMode, .readOnlyConnections: ("the server runs as a standby and answers read-only queries", "SELECT pg_is_in_recovery()")
        case .streaming:
            server.major >= PostgresMajor(9, 6)
                ? ("the standby's WAL receiver streams", "SELECT count(*) > 0 FROM pg_stat_wal_receiver WHERE status = 'streaming'")
                : ("the standby has received WAL by streaming", "SELECT pg_last_xlog_receive_location() IS NOT NULL")
        }
        let answer = signal == .acceptingConnections ? "1" : "t"
        return ["wait_for \(server.arguments(what, timeout: timeout, log: log)) \(Self.q(query)) \(answer)"]
    }

    private func verification() -> [String] {
        let primary = cluster(.primary)
        let standby = cluster(.secondary)
        let modern = primary.major >= PostgresMajor(10)
        let current = modern ? "pg_current_wal_lsn()" : "pg_current_xlog_location()"
        let replayed = modern ? "pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '$lsn')" : "pg_xlog_location_diff(pg_last_xlog_replay_location(), '$lsn')"
        let sqlArgs = { (c: Cluster) in [c.bindir, c.port, c.socket].map(ShellQuote.quote).joined(separator: " ") }
        return [
            "if on secondary; then",
            "    wait_for \(standby.arguments("the standby is in recovery", timeout: 30, log: "")) 'SELECT pg_is_in_recovery()' t",
            "fi",
            "if on primary; then",
            "    wait_for \(primary.arguments("the primary streams to a standby", timeout: 60, log: "")) \(Self.q("SELECT count(*) > 0 FROM pg_stat_replication WHERE state = 'streaming'")) t",
            "fi",
            "if [ \"$RUNBOOK_HOST\" = both ]; then",
            "    lsn=$(sql \(sqlArgs(primary)) \(Self.q("SELECT \(current)")))",
            "    wait_for \"the standby replayed the primary's WAL up to $lsn\" 60 '' \(sqlArgs(standby)) \"SELECT \(replayed) >= 0\" t",
            "fi",
        ]
    }
}
