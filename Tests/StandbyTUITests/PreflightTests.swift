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

    @Test func wholeWalkthroughPassesItsPreflight() {
        let (outcome, lines) = Self.run(MemoryLab.hosts())
        #expect(outcome == .verified)
        #expect(lines.contains("  [x] free-space: the copy needs about 328.6 MB; the standby has 90.0 GB free"), "\(lines)")
    }
}
