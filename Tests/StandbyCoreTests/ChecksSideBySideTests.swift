import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// The checks run two at a time, each mostly waiting on psql, and are
/// reported in their own order; the source query still waits for the
/// write test's rows.
@Suite("Checks side by side")
struct ChecksSideBySideTests {
    static func verification(_ hosts: MemoryHosts) -> Verification {
        var verification = Verification(primary: ClusterSQL(role: .primary, values: MemoryLab.answers, hosts: hosts),
                                        standby: ClusterSQL(role: .secondary, values: MemoryLab.answers, hosts: hosts))
        verification.values = MemoryLab.answers
        return verification
    }

    /// Holds the standby's answer to `standbyQuery` until the primary is
    /// asked `primaryQuery` or `seconds` pass; the flag is set when the
    /// wait ended as `flagged`.
    static func holdStandby(_ hosts: MemoryHosts, on standbyQuery: String, untilPrimaryIsAsked primaryQuery: String,
                            for seconds: Double, flagging flagged: DispatchTimeoutResult) -> Flag {
        let primaryAsked = DispatchSemaphore(value: 0)
        let flag = Flag()
        hosts.primary.beforeAnswering = { line in
            if line.contains(primaryQuery) { primaryAsked.signal() }
        }
        hosts.secondary.beforeAnswering = { line in
            if line.contains(standbyQuery), primaryAsked.wait(timeout: .now() + seconds) == flagged { flag.set() }
        }
        return flag
    }

    /// The standby's answer is held until the primary has been asked for
    /// the archiving check's settings: one at a time, it would wait out
    /// its whole timeout.
    @Test func twoChecksRunAtOnce() {
        let hosts = MemoryLab.hosts()
        let waited = Self.holdStandby(hosts, on: "pg_is_in_recovery",
                                      untilPrimaryIsAsked: "current_setting('archive_mode'), (SELECT count(*)", for: 10, flagging: .timedOut)
        let results = Self.verification(hosts).run([.inRecovery, .archiving])
        #expect(!waited.isSet, "the archiving check did not start while the recovery check waited")
        #expect(results.map(\.check) == [.inRecovery, .archiving])
        let failed = results.filter { !$0.passed }.map(\.detail)
        #expect(failed.isEmpty, "\(failed)")
    }

    /// The write test's wait for its row is held for a second, ready to
    /// go on at once should the source query ask anything meanwhile: it
    /// must not, the rows it compares are the write test's.
    @Test func theSourceQueryWaitsForTheWriteTest() {
        let hosts = MemoryLab.hosts()
        let early = Self.holdStandby(hosts, on: "standby_wizard_check WHERE token",
                                     untilPrimaryIsAsked: "datname = 'maasdb'", for: 1, flagging: .success)
        let checks: [VerifyCheck] = [.writeTest, .sourceQuery]
        let results = Self.verification(hosts).run(checks)
        #expect(!early.isSet, "the source query started while the write test waited for its row")
        #expect(results.map(\.check) == checks)
    }

    /// A cancel ends the checks running then as cancelled, reports the
    /// first of them last, and starts none after.
    @Test func aCancelStopsTheRest() {
        let hosts = MemoryLab.hosts()
        let control = CheckControl()
        hosts.secondary.beforeAnswering = { line in
            if line.contains("pg_is_in_recovery") { control.cancel() }
        }
        let results = Self.verification(hosts).run([.inRecovery, .writeTest, .sourceQuery, .lag, .archiving], control: control)
        let ran = results.map(\.check)
        #expect(results.count <= 3, "\(ran)")
        #expect(!results.contains { $0.check == .sourceQuery || $0.check == .lag || $0.check == .archiving })
        if let last = results.last, last.check != .inRecovery {
            #expect(last.failureID == Verification.cancelledID)
        }
    }
}
