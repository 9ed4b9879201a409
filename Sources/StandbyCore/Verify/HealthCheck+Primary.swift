import Foundation

/// What the primary tells: that it runs as a primary, which standby
/// streams from it and how far behind, what keeps WAL for it, how
/// archiving goes, and the room left on its disks.
extension HealthCheck {
    func primaryFindings() -> [Finding] {
        let primary = verification.primary
        let identity: [String]
        do {
            identity = SQLRows.fields(try primary.query("SELECT pg_is_in_recovery(), current_setting('server_version'), current_setting('data_directory'), to_char(pg_postmaster_start_time(), 'YYYY-MM-DD HH24:MI:SS TZ')"))
        } catch {
            return [Finding("primary", host: .primary, .critical, "the primary's server does not answer on port \(primary.port): is it running?",
                            evidence: Self.lines(of: error))]
        }
        guard identity.count == 4 else {
            return [Finding("primary", host: .primary, .critical, "the primary answered something unexpected", evidence: identity)]
        }
        let about = "PostgreSQL \(identity[1]), data directory \(identity[2]), running since \(identity[3])"
        guard identity[0] == "f" else {
            return [Finding("primary", host: .primary, .critical, "the primary is in recovery: it runs as a standby itself", evidence: [about])]
        }
        var findings = [Finding("primary", host: .primary, .ok, "the primary answers on port \(primary.port) and is not in recovery", evidence: [about])]
        do {
            let reading = try verification.readLag()
            findings += streamingAndLag(reading)
            findings.append(slot(reading))
        } catch {
            findings.append(Finding("streaming", host: .primary, .critical, "the primary's view of its standbys could not be read", evidence: Self.lines(of: error)))
        }
        findings.append(archiving())
        var paths = [(what: "data", path: identity[2])]
        if let archive = verification.values["REP_ARCHIVE"], primary.host.fileExists(archive) { paths.append((what: "archive", path: archive)) }
        findings.append(disk("disk-primary", role: .primary, paths: paths, host: primary.host))
        return findings
    }

    private func streamingAndLag(_ reading: Verification.LagReading) -> [Finding] {
        let listed = reading.standbys.map { "\($0.name): \($0.state)" }
        guard let mine = reading.mine else {
            let summary = reading.standbys.isEmpty ? "no standby streams from the primary (pg_stat_replication is empty)"
                : "the standby at \(verification.values["SECONDARY_PG_IP"] ?? "?") is not among the primary's WAL senders"
            return [Finding("streaming", host: .primary, .critical, summary, evidence: listed)]
        }
        let streamingStatus: Status = mine.state == "streaming" ? .ok : mine.state == "catchup" ? .warning : .critical
        let streaming = Finding("streaming", host: .primary, streamingStatus, "\(mine.name) is \(mine.state)",
                                evidence: [mine.positionsLine] + (listed.count > 1 ? ["all WAL senders: " + listed.joined(separator: "; ")] : []))
        var status = Status.ok
        var metrics: [Metric] = []
        var summary: [String] = []
        if let bytes = mine.lagBytes {
            status = max(status, limits.grade(bytes: bytes))
            summary.append("\(Verification.bytes(bytes)) behind")
            metrics.append(Metric(name: "lag_bytes", value: Double(bytes), unit: "B",
                                  warning: Double(limits.maxLagBytes), critical: Double(limits.lagBytesCritical)))
        } else {
            status = .warning
            summary.append("the standby has replayed nothing yet")
        }
        if reading.sql.hasLagTimes {
            // NULL once the standby is idle and caught up: no lag.
            let seconds = mine.replayLag ?? 0
            status = max(status, limits.grade(seconds: seconds))
            summary.append(String(format: "replay_lag %.3f s", seconds))
            metrics.append(Metric(name: "replay_lag_seconds", value: seconds, unit: "s",
                                  warning: limits.maxLagSeconds, critical: limits.lagSecondsCritical))
        }
        let limitsLine = "limits: warning beyond \(limits.maxLagBytes) bytes or \(Self.seconds(limits.maxLagSeconds)), critical beyond \(limits.lagBytesCritical) bytes or \(Self.seconds(limits.lagSecondsCritical))"
        let lag = Finding("lag", host: .primary, status, summary.joined(separator: ", "),
                          evidence: [mine.lagTimesLine(measured: reading.sql.hasLagTimes), limitsLine], metrics: metrics)
        return [streaming, lag]
    }

    private func slot(_ reading: Verification.LagReading) -> Finding {
        let lines = reading.keptLines
        guard let slot = reading.slot else {
            if reading.slotExpected {
                return Finding("wal-kept", host: .primary, .critical, lines.first ?? "the slot is missing", evidence: Array(lines.dropFirst()))
            }
            return Finding("wal-kept", host: .primary, .ok, lines.first ?? "", evidence: Array(lines.dropFirst()))
        }
        var metrics: [Metric] = []
        if let held = slot.heldBytes { metrics.append(Metric(name: "slot_held_bytes", value: Double(held), unit: "B")) }
        if let safe = slot.safeWALSize { metrics.append(Metric(name: "slot_safe_wal_size_bytes", value: Double(safe), unit: "B")) }
        let status: Status
        let summary: String
        if slot.losesWAL {
            (status, summary) = (.critical, "slot \(slot.name) is \(slot.walStatus ?? "?"): the standby \(slot.walStatus == "lost" ? "has lost" : "is about to lose") WAL it needs and must be rebuilt if it does")
        } else if !slot.active {
            (status, summary) = (.warning, "slot \(slot.name) is not in use: it holds WAL on the primary while no standby reads it")
        } else {
            (status, summary) = (.ok, "slot \(slot.name) is in use" + (slot.walStatus.map { ", wal_status \($0)" } ?? ""))
        }
        return Finding("wal-kept", host: .primary, status, summary, evidence: lines, metrics: metrics)
    }

    /// pg_stat_archiver: the last success and the last failure, and which
    /// came later.
    private func archiving() -> Finding {
        let primary = verification.primary
        let fields: [String]
        do {
            fields = SQLRows.fields(try primary.query("""
                SELECT current_setting('archive_mode'), archived_count, coalesce(last_archived_wal, ''), \
                coalesce(to_char(last_archived_time, 'YYYY-MM-DD HH24:MI:SS TZ'), ''), failed_count, coalesce(last_failed_wal, ''), \
                coalesce(to_char(last_failed_time, 'YYYY-MM-DD HH24:MI:SS TZ'), ''), \
                coalesce(last_failed_time > coalesce(last_archived_time, '-infinity'), false) FROM pg_stat_archiver
                """))
        } catch {
            return Finding("archiving", host: .primary, .critical, "pg_stat_archiver could not be read", evidence: Self.lines(of: error))
        }
        guard fields.count == 8 else { return Finding("archiving", host: .primary, .critical, "pg_stat_archiver answered something unexpected", evidence: fields) }
        if fields[0] == "off" { return Finding("archiving", host: .primary, .ok, "archive_mode is off: nothing is archived") }
        let success = fields[2].isEmpty ? "none since the statistics were reset" : "\(fields[2]) at \(fields[3])"
        let failure = fields[5].isEmpty ? "none" : "\(fields[5]) at \(fields[6])"
        let evidence = ["archive_mode \(fields[0]); archived_count \(fields[1]), failed_count \(fields[4])",
                        "last archived: \(success)", "last failed: \(failure)"]
        let metrics = [Metric(name: "archive_failed_count", value: Double(fields[4]) ?? 0, unit: "c")]
        if fields[7] == "t" {
            return Finding("archiving", host: .primary, .critical, "archiving FAILS: the last failure (\(failure)) is newer than the last success",
                           evidence: evidence + ["the primary's log says why, just above \"archive command failed\"; WAL piles up in the primary's WAL directory meanwhile"],
                           metrics: metrics)
        }
        return Finding("archiving", host: .primary, .ok, "last archived: \(success)", evidence: evidence, metrics: metrics)
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}
