import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// The source query and `check` driven in memory (MemoryLab's two hosts
/// and their scripted SQL answers): what passes, what fails and what is
/// shown. The labs prove the same on real servers (CheckCommandLabTests).
@Suite("Source query and check in memory")
struct SourceQueryTests {
    static let values = DerivedVariables.values(from: Answers(MemoryLab.answers)).merging(MemoryLab.answers) { $1 }

    static func verification(_ hosts: MemoryHosts, standbyAlone: Bool = false) -> Verification {
        let primary: any HostAccess = standbyAlone ? ElsewhereHost(role: .primary, here: .secondary) : hosts.primary
        var verification = Verification(primary: ClusterSQL(role: .primary, values: values, host: primary, isRoot: true),
                                        standby: ClusterSQL(role: .secondary, values: values, host: hosts.secondary, isRoot: true))
        verification.values = values
        verification.replicationWait = 0.5
        return verification
    }

    static func result(_ check: VerifyCheck, _ hosts: MemoryHosts, standbyAlone: Bool = false) throws -> Verification.Result {
        try #require(verification(hosts, standbyAlone: standbyAlone).run([check]).first)
    }

    @Test func theSameAnswerOnBothPassesAndShowsTheRows() throws {
        let hosts = MemoryLab.hosts()
        let result = try Self.result(.sourceQuery, hosts)
        #expect(result.passed, "\(result.detail)")
        #expect(result.detail.first == "the same 1 row on both servers: the write test's rows: SELECT id, token, written_at FROM standby_wizard_check ORDER BY id DESC")
        #expect(result.detail.contains("  1|written on the primary|2026-12-01 10:02:00+00"))
        #expect(result.detail.contains { $0.hasPrefix("the primary answered at WAL position 0/3000148; the standby replayed past it") })
        // Asked on both, the standby only once it replayed past the position.
        let onStandby = hosts.secondary.ran
        let replayed = try #require(onStandby.firstIndex { $0.contains("pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/3000148') >= 0") })
        let asked = try #require(onStandby.lastIndex { $0.contains("FROM standby_wizard_check ORDER BY id DESC") })
        #expect(replayed < asked)
        #expect(hosts.primary.ran.contains { $0.contains("FROM standby_wizard_check ORDER BY id DESC") })
    }

    @Test func aStandbyWithOtherRowsFailsAndShowsBoth() throws {
        let hosts = MemoryLab.hosts()
        hosts.secondary.answer("FROM standby_wizard_check ORDER BY", with: "")
        let result = try Self.result(.sourceQuery, hosts)
        #expect(!result.passed)
        #expect(result.detail.first?.hasPrefix("the answers DIFFER") == true, "\(result.detail)")
        #expect(result.detail.contains("the primary: 1 row, at 0/3000148:"))
        #expect(result.detail.contains("the standby: 0 rows"))
        #expect(result.detail.last == "first difference, row 1: primary 1|written on the primary|2026-12-01 10:02:00+00, standby (none)")
    }

    @Test func aStandbyThatDoesNotReplayCannotPassWhateverItHolds() throws {
        let hosts = MemoryLab.hosts()
        hosts.secondary.answer(">= 0, false)", with: "f")
        let result = try Self.result(.sourceQuery, hosts)
        #expect(!result.passed)
        #expect(result.failureID == Verification.notReplayedID)
        #expect(result.detail.first?.hasPrefix("the standby did not replay past the primary's WAL position 0/3000148 within 0 s") == true, "\(result.detail)")
    }

    @Test func maasOnThePrimaryAloneFails() throws {
        let hosts = MemoryLab.hosts()
        hosts.primary.answer("datname = 'maasdb'", with: "1")
        let result = try Self.result(.sourceQuery, hosts)
        #expect(!result.passed)
        #expect(result.detail == ["maasdb exists on the primary but not on the standby: the standby is not a copy of this primary"])
    }

    @Test func maasIsComparedWhenThere() throws {
        let hosts = MemoryLab.hosts()
        for host in [hosts.primary, hosts.secondary] {
            host.answer("datname = 'maasdb'", with: "1")
            host.answer("FROM maasserver_node", with: "node-1|4|on\nnode-2|6|off")
        }
        let result = try Self.result(.sourceQuery, hosts)
        #expect(result.passed)
        #expect(result.detail.first == "the same 2 rows on both servers: maasdb: SELECT hostname, status, power_state FROM maasserver_node ORDER BY 1, 2, 3")
        #expect(result.detail.suffix(2) == ["  node-1|4|on", "  node-2|6|off"])
        #expect(hosts.secondary.ran.contains { $0.contains("-d maasdb") && $0.contains("maasserver_node") })
    }

    /// The standby's part alone: the primary's identity over the
    /// replication connection, never its databases.
    @Test func theStandbyAloneComparesItsIdentityAndPosition() throws {
        let hosts = MemoryLab.hosts()
        let result = try Self.result(.sourceQuery, hosts, standbyAlone: true)
        #expect(result.passed, "\(result.detail)")
        #expect(result.detail.first?.hasPrefix("the standby is a copy of the primary and replayed past its WAL position 0/3000148") == true)
        let identify = try #require(hosts.secondary.ran.first { $0.contains("IDENTIFY_SYSTEM") })
        #expect(identify.contains("host=192.0.2.10 port=5432 user=replicator dbname=replication replication=true"))
        #expect(identify.contains(" -w "), "never a password prompt")
        #expect(!identify.contains("memory lab pw"))
        #expect(hosts.primary.ran.isEmpty)

        hosts.secondary.answer("pg_control_system()", with: "1111111111111111111")
        let other = try Self.result(.sourceQuery, hosts, standbyAlone: true)
        #expect(!other.passed)
        #expect(other.detail.last == "the standby's system identifier is 1111111111111111111: it is NOT a copy of this primary")
    }

    @Test func runAndTheTranscriptShowEveryLineOfEvidence() throws {
        let result = try Self.result(.lag, MemoryLab.hosts())
        #expect(result.passed)
        #expect(result.reportLines == [
            "[x] lag: walreceiver from 192.0.2.20 is 0 bytes behind the primary",
            "    sent 0/3000148, written 0/3000148, flushed 0/3000148, replayed 0/3000148",
            "    write_lag 0.001 s, flush_lag 0.002 s, replay_lag 0.002 s",
            "    no slot; wal_keep_size = 512MB keeps a reserve of WAL for the standby",
            "    archive_mode = on: the archive keeps what the primary removes",
        ])
    }

    @Test func aLostSlotFailsTheLagCheck() throws {
        let hosts = MemoryLab.hosts()
        hosts.primary.answer("FROM pg_replication_slots WHERE slot_name", with: "f||0/1000000|999999|lost|")
        let result = try Self.result(.lag, hosts)
        #expect(!result.passed)
        #expect(result.detail.contains("slot standby_192_0_2_20: INACTIVE, restart_lsn 0/1000000, holds 976.6 kB of WAL, wal_status lost, safe_wal_size unlimited"))
    }

    static func check(_ hosts: MemoryHosts, roles: [HostRole] = [.primary, .secondary]) -> HealthReport {
        var check = HealthCheck(verification: verification(hosts), roles: roles)
        check.sampleInterval = 0.01
        check.limits.maxLagBytes = 1000
        return check.run(now: Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test func checkIsOKOnAFollowingStandbyAndWritesNothing() throws {
        let hosts = MemoryLab.hosts()
        hosts.primary.answer("pg_is_in_recovery", with: "f|15.4|/var/lib/postgresql/15/main|2026-12-01 09:00:00 UTC")
        hosts.primary.answer("FROM pg_stat_archiver", with: "on|12|000000010000000000000003|2026-12-01 10:00:00 UTC|0|||f")
        hosts.secondary.answer("pg_is_in_recovery", with: "t|15.4|/var/lib/postgresql/15/main")
        let report = Self.check(hosts)
        #expect(report.status == .ok, "\(report.rendered(.text))")
        #expect(report.exitStatus == 0)
        #expect(report.findings.map(\.name) == ["primary", "streaming", "lag", "wal-kept", "archiving", "disk-primary",
                                               "standby", "receiver", "replay", "disk-standby", "source-query"])
        let everything = (hosts.primary.ran + hosts.secondary.ran).joined(separator: "\n")
        for writing in ["INSERT", "CREATE", "UPDATE", "DELETE", "pg_switch_wal"] { #expect(!everything.contains(writing), "check ran \(writing)") }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.rendered(.json).utf8)) as? [String: Any])
        #expect(json["status"] as? String == "OK")
        #expect(json["exit_status"] as? Int == 0)
        #expect((json["findings"] as? [[String: Any]])?.count == 11)
        let nagios = report.rendered(.nagios)
        #expect(nagios.hasPrefix("STANDBY OK - 11 checks passed on the primary and standby | lag_bytes=0B;1000;4000 replay_lag_seconds=0.002s;60;240"))
    }

    @Test func aPausedStandbyWarnsAndABrokenArchiveIsCritical() throws {
        let hosts = MemoryLab.hosts()
        hosts.primary.answer("pg_is_in_recovery", with: "f|15.4|/var/lib/postgresql/15/main|2026-12-01 09:00:00 UTC")
        hosts.primary.answer("FROM pg_stat_archiver", with: "on|12|000000010000000000000003|2026-12-01 10:00:00 UTC|3|000000010000000000000004|2026-12-01 10:05:00 UTC|t")
        hosts.secondary.answer("pg_is_in_recovery", with: "t|15.4|/var/lib/postgresql/15/main")
        hosts.secondary.answer("pg_last_xact_replay_timestamp", with: "0/3000900|0/3000148|1976|t|30.0|2026-12-01 10:06:00 UTC")
        let standbyAlone = Self.check(hosts, roles: [.secondary])
        let replay = try #require(standbyAlone.findings.first { $0.name == "replay" })
        #expect(replay.status == .warning, "1976 bytes is beyond 1000, within four times 1000: \(replay)")
        #expect(replay.summary == "replay is PAUSED, 1.9 kB (1976 bytes) received but not replayed, replay 30.0 s behind")
        #expect(replay.evidence.contains("pg_wal_replay_resume() resumes it"))
        #expect(standbyAlone.exitStatus == 1)
        #expect(!hosts.primary.ran.contains { $0.contains("pg_stat_archiver") }, "the standby's part alone asked the primary")

        let both = Self.check(hosts)
        let archiving = try #require(both.findings.first { $0.name == "archiving" })
        #expect(archiving.status == .critical)
        #expect(archiving.summary.hasPrefix("archiving FAILS: the last failure (000000010000000000000004 at 2026-12-01 10:05:00 UTC)"))
    }

    @Test func dfLinesParse() throws {
        let space = try #require(FileSystemSpace.parse(row: "/dev/sda1 1000000 900000 100000 90% /var/lib/post gres"))
        #expect(space.mountPoint == "/var/lib/post gres")
        #expect(space.percentFree == 10)
        #expect(FileSystemSpace.parse(row: "garbage") == nil)
    }
}
