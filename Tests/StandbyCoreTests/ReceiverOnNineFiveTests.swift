import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// The `receiving` check on 9.5, which has no pg_stat_wal_receiver. In
/// memory: no 9.5 server runs on this machine, so the two clusters answer
/// what a 9.5 standby and its primary would (the SQL and process titles
/// of 9.5's sources). The 9.6+ path is proven on real servers in
/// LabWalkthroughTests.
@Suite("The receiving check on 9.5")
struct ReceiverOnNineFiveTests {
    static let data = "/var/lib/postgresql/9.5/main"

    /// A standby that asked for streaming from 0/3000000, with `children`
    /// as its postmaster's child processes, and a primary whose streaming
    /// standbys have flushed `primaryFlushes`.
    func check(children: String, primaryFlushes: [String], received: String = "0/3000000") -> Verification.Result {
        let standby = MemoryHost(role: .secondary, files: [Self.data + "/postmaster.pid": "4242\n\(Self.data)\n1700000000\n5433\n"])
        standby.answer("SHOW server_version_num", with: "90525")
        standby.answer("pg_last_xlog_receive_location", with: received)
        standby.answer("SHOW data_directory", with: Self.data)
        standby.answer("--ppid 4242", with: children)
        standby.answer("pg_last_xact_replay_timestamp", with: "none yet")
        let primary = MemoryHost(role: .primary)
        for position in ["0/0"] + primaryFlushes {
            primary.answer("flush_location = '\(position)'", with: primaryFlushes.contains(position) ? "1" : "0")
        }
        let values: [String: String] = [:]
        let verification = Verification(primary: ClusterSQL(role: .primary, values: values, host: primary, isRoot: false),
                                        standby: ClusterSQL(role: .secondary, values: values, host: standby, isRoot: false))
        return verification.run([.receiving])[0]
    }

    static let startup = "postgres: 9.5/main: startup process   recovering 000000010000000000000003"

    @Test func aReceivePositionAloneIsNoProof() {
        // The standby asked for streaming; the connection never succeeded.
        let result = check(children: Self.startup + "\npostgres: 9.5/main: wal receiver process", primaryFlushes: [])
        #expect(!result.passed)
        #expect(result.detail[0].contains("not streaming now"), "\(result.detail)")
    }

    @Test func aReceiverThatDiedLeavesThePositionBehindAndFails() {
        let result = check(children: Self.startup, primaryFlushes: ["0/2000000"])
        #expect(!result.passed)
    }

    @Test func noPositionMeansNoReceiver() {
        let result = check(children: Self.startup, primaryFlushes: [], received: "")
        #expect(!result.passed)
        #expect(result.detail[0].contains("not running"), "\(result.detail)")
    }

    @Test func theReceiversStreamingTitlePasses() {
        let result = check(children: Self.startup + "\npostgres: 9.5/main: wal receiver process   streaming 0/3000140",
                           primaryFlushes: [])
        #expect(result.passed, "\(result.detail)")
    }

    @Test func thePrimarysRowAtThisPositionPassesWhenTitlesAreOff() {
        // update_process_title = off: the receiver's title never changes.
        let result = check(children: Self.startup + "\npostgres: 9.5/main: wal receiver process",
                           primaryFlushes: ["0/3000000"])
        #expect(result.passed, "\(result.detail)")
    }
}
