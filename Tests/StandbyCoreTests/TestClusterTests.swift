import Foundation
import TestSupport
import Testing

@Suite("Throwaway test clusters", Needs.postgreSQL)
struct TestClusterTests {
    @Test func startsOnItsOwnPortAndIsRemovedAfterwards() throws {
        var root = ""
        do {
            let cluster = try TestCluster(name: "selftest")
            root = cluster.root
            #expect(cluster.port != 5432)
            try cluster.start()
            #expect(try cluster.psql("SHOW port") == "\(cluster.port)")
            #expect(try cluster.psql("SELECT 6 * 7") == "42")
        }
        #expect(!FileManager.default.fileExists(atPath: root))
    }
}
