import Foundation

/// What a trainee is told once the walkthrough of an exercise ends: what
/// the fault was, where it hid, which step first showed it, and the one
/// command an experienced operator would have used to be sure.
public struct LabDebrief: Sendable, Equatable {
    public var exercise: LabExercise
    public var fault: String
    public var hiding: String
    /// The step whose screen first showed the evidence, and what it showed.
    public var evidenceStep: String
    public var evidence: String
    public var confirm: String

    /// Plain lines within `width` columns; `title` gives a step's title.
    public func lines(width: Int = 78, title: (String) -> String?) -> [String] {
        let step = title(evidenceStep).map { "\"\($0)\" (\(evidenceStep))" } ?? evidenceStep
        var out = ["Debrief: the exercise was \(exercise.rawValue)"]
        out += Self.wrap("The fault: " + fault, width: width, indent: "  ")
        out += Self.wrap("Where it hid: " + hiding, width: width, indent: "  ")
        out += Self.wrap("First evidence: step " + step + ": " + evidence, width: width, indent: "  ")
        out += Self.wrap("To confirm it:", width: width, indent: "  ")
        out.append("    " + confirm)
        return out
    }

    /// Words to lines: the first line indented by `indent`, the rest by two
    /// more spaces, so each part reads as one item.
    static func wrap(_ text: String, width: Int, indent: String) -> [String] {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            let lead = lines.isEmpty ? indent : indent + "  "
            if line.count > lead.count, line.count + 1 + word.count > width {
                lines.append(line)
                line = indent + "  " + word
            } else {
                line += (line.count > lead.count ? " " : "") + word
            }
        }
        if line.trimmingCharacters(in: .whitespaces).count > 0 { lines.append(line) }
        return lines
    }
}

extension LabExercise {
    /// The debrief for this exercise in the lab `state` describes, with its
    /// real paths and ports.
    public func debrief(for state: LabState) -> LabDebrief {
        let debian = state.layout == .debian
        let primary = state.primary
        let configDirectory = TrainingLab.debianConfigDirectory(version: state.version, cluster: primary.name)
        // Where a start option is kept: pg_ctlcluster reads pg_ctl.conf on
        // every start; pg_ctl restart reuses the postmaster.opts of the last.
        let startOptionPlace = debian ? "\(configDirectory)/pg_ctl.conf (pg_ctl_options)" : "\(primary.dataDirectory)/postmaster.opts"
        let showStartOptions = debian ? "grep pg_ctl_options \(configDirectory)/pg_ctl.conf" : "cat \(primary.dataDirectory)/postmaster.opts"
        func psql(_ cluster: LabState.Cluster, _ sql: String) -> String {
            // A data-directory lab lets in only the account its servers
            // run as: postgres when root made it, else its maker.
            let connect = debian ? "sudo -u postgres psql -p \(cluster.port)"
                                 : (state.madeAsRoot ? "sudo -u postgres " : "") + "psql -h \(TrainingLab.clusterBase(cluster)) -p \(cluster.port) -U postgres"
            return "\(connect) -c \"\(sql)\""
        }
        func setting(_ name: String, on cluster: LabState.Cluster) -> String {
            psql(cluster, "SELECT name, setting, source, sourcefile FROM pg_settings WHERE name = '\(name)'")
        }
        let user = LabAnswers.replicationUser
        let stateDirectory = URL(fileURLWithPath: state.answersFile).deletingLastPathComponent().path
        switch self {
        case .missingHbaRule:
            return LabDebrief(
                exercise: self,
                fault: "the answers gave the standby's address as 192.0.2.10, which is not where it connects from (127.0.0.1), so the walkthrough's pg_hba.conf rule admitted an address nobody uses.",
                hiding: "in the answers file (SECONDARY_PG_IP), which the walkthrough trusts to write the rule.",
                evidenceStep: "secondary-replication-login",
                evidence: "the primary refused with \"no pg_hba.conf entry for replication connection from host 127.0.0.1\": the address it names is the one the rule must admit.",
                confirm: "grep 'no pg_hba.conf entry' \(primary.logFile)")
        case .wrongPassword:
            return LabDebrief(
                exercise: self,
                fault: "the role \(user) existed already, from an earlier attempt, with a password nobody knows; the walkthrough leaves an existing role as it is.",
                hiding: "in the primary's catalogue (pg_authid), where no configuration file shows it.",
                evidenceStep: "primary-role",
                evidence: "its output said \"role \(user) exists: left unchanged\": a role the walkthrough did not make. The login test then failed with \"password authentication failed\".",
                // The DETAIL line names the rule that matched: the rule is
                // right, so the password is what is wrong.
                confirm: "grep -A1 'password authentication failed' \(primary.logFile)")
        case .walLevelTooLow:
            return LabDebrief(
                exercise: self,
                fault: "wal_level = minimal (with max_wal_senders = 0) given as a start option, which outranks postgresql.conf: the walkthrough's replica setting never took effect and archiving could not start.",
                hiding: "in \(startOptionPlace), as a bulk load's recipe leaves it.",
                evidenceStep: "primary-restart",
                evidence: "the restart failed with \"WAL archival cannot be enabled when wal_level is minimal\" although postgresql.conf says replica.",
                confirm: showStartOptions)
        case .maxWalSendersZero:
            return LabDebrief(
                exercise: self,
                fault: "max_wal_senders = 0 given as a start option, which outranks the walkthrough's setting in postgresql.conf, so no standby could connect for replication.",
                hiding: "in \(startOptionPlace).",
                evidenceStep: "secondary-replication-login",
                evidence: "\"number of requested standby connections exceeds max_wal_senders (currently 0)\" while postgresql.conf says more.",
                confirm: setting("max_wal_senders", on: primary))
        case .archiveNotWritable:
            return LabDebrief(
                exercise: self,
                fault: "the WAL archive sits below a directory only root may enter, so archive_command fails for postgres even though the archive directory itself is postgres's.",
                hiding: "in the path: \(LabExercise.lockedDirectory(in: stateDirectory)) has mode 0700, owner root.",
                evidenceStep: "preflight",
                evidence: "the check before change found that postgres cannot reach the directory the archive would be made in, before anything changed. Unchecked, the standby would have streamed while every archive_command failed.",
                confirm: "namei -l \(LabExercise.lockedDirectory(in: stateDirectory))/wal-archive")
        case .primaryOnLocalhost:
            return LabDebrief(
                exercise: self,
                fault: "listen_addresses = localhost given as a start option, which outranks the walkthrough's listen_addresses in postgresql.conf: the primary answered on 127.0.0.1 only, not on the address the standby uses (\(LabExercise.primaryRealAddress)).",
                hiding: "in \(startOptionPlace), as a hardening recipe leaves it.",
                evidenceStep: "secondary-reach-primary",
                evidence: "pg_isready from the standby got \"no response\" while the primary ran.",
                confirm: "ss -ltn 'sport = :\(primary.port)'")
        case .strayRecoveryConf:
            return LabDebrief(
                exercise: self,
                fault: "a recovery.conf left from a restore on PostgreSQL 11 sat in the primary's data directory; from 12 on a server refuses to start while one is there.",
                hiding: "in \(LabExercise.recoveryConfPath(state)), harmless while the server ran and fatal at its next start.",
                evidenceStep: "primary-restart",
                evidence: "the restart failed with \"using recovery command file recovery.conf is not supported\".",
                confirm: "ls -l \(LabExercise.recoveryConfPath(state))")
        case .wrongPrimaryPort:
            return LabDebrief(
                exercise: self,
                fault: "the answers gave the primary's port as one where no server listens; the primary runs on \(primary.port).",
                hiding: "in the answers file (PRIMARY_PG_PORT).",
                evidenceStep: "preflight",
                evidence: "the same-major check found nothing answering on the answered port and named the port the primary's postmaster.pid gives.",
                confirm: debian ? "pg_lsclusters" : "sed -n 4p \(primary.dataDirectory)/postmaster.pid")
        case .lowMaxConnections:
            return LabDebrief(
                exercise: self,
                fault: "the standby's configuration set max_connections = 20, below the primary's 100; a standby refuses to start (up to 13) or pauses replay (14 on) with a lower value.",
                hiding: "in \(LabExercise.sizingFilePath(state)), read after postgresql.conf and never replaced by the copy.",
                evidenceStep: "preflight",
                evidence: "the standby-settings check found max_connections = 20 on the standby against 100 on the primary.",
                confirm: setting("max_connections", on: state.standby))
        case .md5Password:
            return LabDebrief(
                exercise: self,
                fault: "the postgres role carried password_encryption = md5, so the role the walkthrough created got an md5 hash, which a scram-sha-256 rule in pg_hba.conf does not accept.",
                hiding: "in the primary's catalogue as a per-role setting (ALTER ROLE postgres SET password_encryption; \\drds lists it), in no configuration file.",
                evidenceStep: "secondary-replication-login",
                evidence: "\"password authentication failed\" with the right password; the primary's log adds \"does not have a valid SCRAM secret\".",
                confirm: psql(primary, "SELECT rolname, left(rolpassword, 3) FROM pg_authid WHERE rolname = '\(user)'"))
        }
    }
}
