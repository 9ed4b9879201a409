import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// What would make a later step fail is found before anything changes.
@Suite("Preflight before the first change")
struct PreflightTests {
    static func run(_ hosts: MemoryHosts) -> (UnattendedRun.Outcome, [String]) {
        StandbyGuardTests.run(MemoryLab.answers, hosts: hosts)
    }

    /// Stopped at the preflight with `check` failed; neither host touched.
    static func expectStopped(_ hosts: MemoryHosts, failing check: String, saying words: String,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let (outcome, lines) = Self.run(hosts)
        guard case .stopped(let step, _, let diagnoses) = outcome else {
            Issue.record("\(outcome)", sourceLocation: sourceLocation)
            return
        }
        #expect(step == "preflight", sourceLocation: sourceLocation)
        #expect(diagnoses == [check], sourceLocation: sourceLocation)
        #expect(lines.contains { $0.contains("[!] \(check): ") && $0.contains(words) }, "\(lines)", sourceLocation: sourceLocation)
        #expect(lines.contains { $0.contains("fix: ") }, sourceLocation: sourceLocation)
        #expect(hosts.primary.started.isEmpty && hosts.secondary.started.isEmpty, sourceLocation: sourceLocation)
        #expect(!hosts.primary.paths.contains { $0.contains(".standby-wizard.") }, "a file was edited", sourceLocation: sourceLocation)
    }

    @Test func aStandbySettingLowerThanThePrimarysStopsIt() {
        let hosts = MemoryLab.hosts()
        hosts.secondary.answer("FROM pg_settings WHERE name IN",
                               with: "max_connections=50\nmax_locks_per_transaction=64\nmax_prepared_transactions=0\nmax_wal_senders=10\nmax_worker_processes=8")
        Self.expectStopped(hosts, failing: "standby-settings", saying: "max_connections = 50 (primary: 100)")
    }

    @Test func tooLittleSpaceOnTheStandbyStopsIt() {
        let hosts = MemoryLab.hosts()
        hosts.secondary.answer("df -Pk", with: "Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/small 20480 10240 10240 50% /")
        Self.expectStopped(hosts, failing: "free-space", saying: "the standby has 10.0 MB free")
    }

    @Test func aTablespaceLocationInUseOnTheStandbyStopsIt() {
        let hosts = MemoryLab.hosts()
        hosts.primary.answer("FROM pg_tablespace", with: "fast|/srv/fast-disk")
        hosts.secondary["/srv/fast-disk/PG_15_202209061/16384/1259"] = "old data"
        Self.expectStopped(hosts, failing: "tablespaces", saying: "tablespace fast into /srv/fast-disk")
    }

    @Test func anotherMajorOrArchitectureStopsIt() {
        let hosts = MemoryLab.hosts()
        hosts.primary.answer("uname -m", with: "aarch64")
        Self.expectStopped(hosts, failing: "same-major", saying: "the primary is aarch64, the standby x86_64")
        let older = MemoryLab.hosts()
        older.primary.answer("server_version_num", with: "140011")
        Self.expectStopped(older, failing: "same-major", saying: "the primary runs PostgreSQL 14, not 15")
    }

    @Test func anotherServerOnTheStandbysPortStopsIt() {
        let hosts = MemoryLab.hosts()
        hosts.secondary["/var/run/postgresql/.s.PGSQL.5432.lock"] = "4321\n/srv/reports/data\n1764583200\n5432\n"
        hosts.secondary["/proc/4321"] = ""
        Self.expectStopped(hosts, failing: "standby-port",
                           saying: "port 5432 on the standby is held by the server of /srv/reports/data (PID 4321")
    }

    /// A lock left behind by a server that died is no obstacle: the next
    /// server to start takes it over.
    @Test func aStaleSocketLockIsNoObstacle() {
        let hosts = MemoryLab.hosts()
        hosts.secondary["/tmp/.s.PGSQL.5432.lock"] = "999999\n/srv/gone\n"
        let (outcome, lines) = Self.run(hosts)
        #expect(outcome == .verified)
        #expect(lines.contains("  [x] standby-port: the standby's own server holds port 5432 now; it stops before the copy"), "\(lines)")
    }

    @Test func aProgramListeningOnTheStandbysPortStopsIt() {
        let hosts = MemoryLab.hosts()
        hosts.secondary.move("/var/run/postgresql/.s.PGSQL.5432.lock", "/var/run/postgresql/moved-away")
        Self.expectStopped(hosts, failing: "standby-port", saying: "something listens on TCP port 5432 on the standby")
    }

    @Test func withoutSsTheSocketsAreStillChecked() {
        let hosts = MemoryLab.hosts()
        hosts.secondary.answer("ss -Hltn", with: "")
        let (outcome, lines) = Self.run(hosts)
        #expect(outcome == .verified)
        #expect(lines.contains { $0.contains("[x] standby-port: the standby's own server holds port 5432 now") }, "\(lines)")
    }

    /// With WAL kept by a slot, a copy without the slot would lose the
    /// WAL the standby needs; the copy refuses to start.
    @Test func aMissingSlotStopsTheCopyBeforeItStarts() {
        var answers = MemoryLab.answers
        answers["WAL_RETENTION"] = "slot"
        let hosts = MemoryLab.hosts()
        hosts.primary.answer("FROM pg_replication_slots WHERE slot_name", with: "0")
        let (outcome, lines) = StandbyGuardTests.run(answers, hosts: hosts)
        guard case .stopped(let step, let reason, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(step == "secondary-base-backup")
        #expect(reason.contains("The primary has no replication slot"), "\(reason)")
        #expect(lines.contains { $0.contains("going back to \"Create the slot\"") }, "\(lines)")
        let copies = hosts.secondary.started.filter { $0.contains("pg_basebackup -h") }
        #expect(copies.isEmpty, "the copy ran: \(copies)")

        let present = MemoryLab.hosts()
        present.primary.answer("FROM pg_replication_slots WHERE slot_name", with: "1")
        let (after, _) = StandbyGuardTests.run(answers, hosts: present)
        if case .stopped("secondary-base-backup", let reason, _) = after { Issue.record("the copy was refused with the slot there: \(reason)") }
        #expect(present.secondary.started.contains { $0.contains("pg_basebackup -h") }, "the copy did not run with the slot there")
    }

    @Test func wholeWalkthroughPassesItsPreflight() {
        let (outcome, lines) = Self.run(MemoryLab.hosts())
        #expect(outcome == .verified)
        #expect(lines.contains("  [x] free-space: the copy needs about 328.6 MB; the standby has 90.0 GB free"), "\(lines)")
    }
}
