import Foundation

/// What the standby tells on its own: that it is in recovery, that its WAL
/// receiver streams, that received and replayed positions move and how
/// far replay trails, and the room left on its disk.
extension HealthCheck {
    func standbyFindings() -> [Finding] {
        let standby = verification.standby
        let identity: [String]
        do {
            identity = SQLRows.fields(try standby.query("SELECT pg_is_in_recovery(), current_setting('server_version'), current_setting('data_directory')"))
        } catch {
            return [Finding("standby", host: .secondary, .critical, "the standby's server does not answer on port \(standby.port): is it running?",
                            evidence: Self.lines(of: error))]
        }
        guard identity.count == 3 else {
            return [Finding("standby", host: .secondary, .critical, "the standby answered something unexpected", evidence: identity)]
        }
        let about = "PostgreSQL \(identity[1]), data directory \(identity[2])"
        guard identity[0] == "t" else {
            return [Finding("standby", host: .secondary, .critical, "the standby is NOT in recovery: it was promoted and no longer follows the primary",
                            evidence: [about])]
        }
        var findings = [Finding("standby", host: .secondary, .ok, "the standby answers on port \(standby.port) and is in recovery", evidence: [about])]
        do {
            let sql = try ReplicationSQL.of(standby)
            let receiver = try standby.query(sql.walReceiverStatusQuery)
            findings.append(Finding("receiver", host: .secondary, receiver == "streaming" ? .ok : .critical,
                                    receiver == "streaming" ? "the WAL receiver streams from the primary"
                                        : "the WAL receiver is \(receiver): the standby does not stream; its log says why"))
            findings.append(try replay(sql))
        } catch {
            findings.append(Finding("replay", host: .secondary, .critical, "the standby's positions could not be read", evidence: Self.lines(of: error)))
        }
        findings.append(disk("disk-standby", role: .secondary, paths: [(what: "data", path: identity[2])], host: standby.host))
        return findings
    }

    /// Two readings `sampleInterval` apart: whether received and replayed
    /// positions move, how much is received but not replayed, and how long
    /// ago the last replayed transaction committed.
    private func replay(_ sql: ReplicationSQL) throws -> Finding {
        guard let first = try verification.standbyPositions(sql) else {
            return Finding("replay", host: .secondary, .critical, "the standby's positions could not be read")
        }
        Thread.sleep(forTimeInterval: sampleInterval)
        guard let second = try verification.standbyPositions(sql) else {
            return Finding("replay", host: .secondary, .critical, "the standby's positions could not be read")
        }
        let interval = Self.seconds(sampleInterval)
        let receivedMoved = try moved(from: first.received, to: second.received, sql)
        let replayedMoved = try moved(from: first.replayed, to: second.replayed, sql)
        var evidence = ["first reading: \(first.line)", "after \(interval): \(second.line)", second.lastReplayLine]
        evidence.append(receivedMoved.map { "received \($0) bytes more in \(interval)" + ($0 == 0 ? " (the primary wrote nothing, or the stream stalled)" : "") } ?? "received: no position yet")
        evidence.append(replayedMoved.map { "replayed \($0) bytes more in \(interval)" } ?? "replayed: no position yet")

        var status = Status.ok
        var summary: [String] = []
        var metrics: [Metric] = []
        if let bytes = second.unreplayedBytes {
            status = max(status, limits.grade(bytes: bytes))
            summary.append("\(Verification.bytes(bytes)) received but not replayed")
            metrics.append(Metric(name: "standby_unreplayed_bytes", value: Double(bytes), unit: "B",
                                  warning: Double(limits.maxLagBytes), critical: Double(limits.lagBytesCritical)))
        } else {
            status = .warning
            summary.append("nothing received or replayed yet")
        }
        if let seconds = second.lagSeconds {
            status = max(status, limits.grade(seconds: seconds))
            summary.append(String(format: "replay %.1f s behind", seconds))
            metrics.append(Metric(name: "standby_replay_lag_seconds", value: seconds, unit: "s",
                                  warning: limits.maxLagSeconds, critical: limits.lagSecondsCritical))
        }
        if second.replayPaused {
            status = max(status, .warning)
            summary.insert("replay is PAUSED", at: 0)
            evidence.append("\(sql.walNames ? "pg_wal_replay_resume()" : "pg_xlog_replay_resume()") resumes it")
        } else if !second.caughtUp, replayedMoved == 0 {
            status = max(status, .warning)
            summary.insert("replay does not advance", at: 0)
        }
        evidence.append("limits: warning beyond \(limits.maxLagBytes) bytes or \(Self.seconds(limits.maxLagSeconds)), critical beyond \(limits.lagBytesCritical) bytes or \(Self.seconds(limits.lagSecondsCritical))")
        return Finding("replay", host: .secondary, status, summary.joined(separator: ", "), evidence: evidence, metrics: metrics)
    }

    /// Bytes between two positions read on the standby; nil without both.
    private func moved(from older: String, to newer: String, _ sql: ReplicationSQL) throws -> Int64? {
        guard !older.isEmpty, !newer.isEmpty else { return nil }
        return Int64(try verification.standby.query("SELECT \(sql.bytes(from: "'\(older)'", to: "'\(newer)'"))::bigint"))
    }
}
