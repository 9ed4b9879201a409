import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// The "streaming" verification over real servers: it passes for the
/// standby the answers name, never because some other standby of the same
/// primary streams.
@Suite("Streaming check picks this standby's WAL sender", .serialized, Needs.postgreSQL)
struct StreamingCheckTests {
    func verification(primary: TestCluster, standby: TestCluster, address: String) -> Verification {
        var values = ["PRIMARY_PG_PORT": "\(primary.port)", "PRIMARY_PG_DATA": primary.dataDirectory,
                      "PRIMARY_PG_CONF_DIR": primary.dataDirectory,
                      "SECONDARY_PG_PORT": "\(standby.port)", "SECONDARY_PG_DATA": standby.dataDirectory,
                      "SECONDARY_PG_CONF_DIR": standby.dataDirectory]
        values["SECONDARY_PG_IP"] = address
        var verification = Verification(primary: ClusterSQL(role: .primary, values: values, hosts: ThisMachine()),
                                        standby: ClusterSQL(role: .secondary, values: values, hosts: ThisMachine()))
        verification.values = values
        return verification
    }

    func waitForStreaming(_ primary: TestCluster, count: Int) throws {
        let end = Date().addingTimeInterval(30)
        while Date() < end {
            if try primary.psql("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == "\(count)" { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        Issue.record("no standby streamed within 30 s")
    }

    @Test func anotherStandbyStreamingDoesNotPassIt() throws {
        let primary = try TestCluster(name: "stream-p")
        try primary.writeHba("local all all trust\nlocal replication all trust\nhost replication all 127.0.0.1/32 trust\n")
        try primary.start()
        // Standby "alpha" streams from 127.0.0.1.
        let alpha = try TestCluster(name: "stream-a")
        try alpha.becomeStandby(of: primary, conninfo: "host=127.0.0.1 port=\(primary.port) user=postgres application_name=alpha")
        try alpha.start()
        try waitForStreaming(primary, count: 1)
        // Standby "beta" from the same address never reaches the primary
        // (its conninfo names a port where nothing listens).
        let beta = try TestCluster(name: "stream-b")
        try beta.becomeStandby(of: primary, conninfo: "host=127.0.0.1 port=\(try FreePort.find()) user=postgres application_name=beta")
        try beta.start()

        let passes = try #require(verification(primary: primary, standby: alpha, address: "127.0.0.1").run([.replicationStreaming]).first)
        #expect(passes.passed, "\(passes.detail)")

        // Same address, but beta's application_name is not the one streaming.
        let byName = try #require(verification(primary: primary, standby: beta, address: "127.0.0.1").run([.replicationStreaming]).first)
        #expect(!byName.passed, "\(byName.detail)")
        #expect(byName.detail.first?.contains("with application_name beta") == true, "\(byName.detail)")

        // The answers name another address: alpha's row is not that standby.
        let byAddress = try #require(verification(primary: primary, standby: alpha, address: "192.0.2.20").run([.replicationStreaming]).first)
        #expect(!byAddress.passed, "\(byAddress.detail)")
        #expect(byAddress.detail.first?.contains("none of the primary's WAL senders is this standby (from 192.0.2.20") == true,
                "\(byAddress.detail)")
        #expect(byAddress.detail.contains { $0.hasPrefix("alpha from 127.0.0.1: streaming") }, "\(byAddress.detail)")
    }
}
