import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// A replication role whose password the primary keeps as an md5 hash,
/// under the scram-sha-256 rule 14 on would write: read from pg_authid on a
/// real server and said in the pg_hba.conf step before anything is written.
@Suite("The replication role's stored password hash and the rule's method", .serialized, Needs.postgreSQL)
struct StoredPasswordTests {
    static let now = Date(timeIntervalSince1970: 1_768_478_400)

    func hbaPlan(_ cluster: TestCluster, stored: StoredPassword.Kind?) throws -> StepEditPlan {
        let step = try #require(ScreenLoader.load(directory: TestPaths.screens).screens.first { $0.id == "primary-hba" })
        let version = "\(cluster.majorVersion)"
        let answers = Answers(["PRIMARY_PG_VERSION": version, "PRIMARY_PG_CLUSTER": cluster.dataDirectory,
                               "PRIMARY_PG_PORT": "\(cluster.port)", "PRIMARY_PG_IP": "127.0.0.1",
                               "SECONDARY_PG_VERSION": version, "SECONDARY_PG_IP": "127.0.0.1", "REP_USER": "rep"])
        return try EditPlanner.plan(step, answers: answers, host: ThisMachine().host(for: .primary), now: Self.now,
                                    options: EditOptions(storedPassword: stored))
    }

    @Test func anMd5HashUnderAScramRuleIsSaidBeforeTheRuleIsWritten() throws {
        let cluster = try TestCluster(name: "md5-role", settings: ["password_encryption": "md5"])
        try cluster.start()
        try cluster.psql("CREATE ROLE rep LOGIN REPLICATION PASSWORD 'secret-one'")
        let primary = ClusterSQL(role: .primary, values: ["PRIMARY_PG_PORT": "\(cluster.port)", "PRIMARY_PG_DATA": cluster.dataDirectory,
                                                          "PRIMARY_PG_CONF_DIR": cluster.dataDirectory], hosts: ThisMachine())
        #expect(StoredPassword.kind(of: "rep", on: primary) == .md5)
        #expect(StoredPassword.kind(of: "nobody", on: primary) == nil)

        // The version's rule (scram-sha-256 from 14): the note names the
        // role and the way out. (This cluster's file sets md5, so take the
        // method away from the files to see the version's own rule.)
        try cluster.append("password_encryption = 'scram-sha-256'\n", to: cluster.configFile)
        let plan = try hbaPlan(cluster, stored: StoredPassword.kind(of: "rep", on: primary))
        let rule = plan.changes.first?.proposed?.split(separator: "\n").first { $0.hasPrefix("host") && $0.contains(" rep ") }
        #expect(rule?.hasSuffix("scram-sha-256") == true, "\(plan.report())")
        let note = try #require(plan.notes.first { $0.contains("md5 hash") }, "\(plan.notes)")
        #expect(note.contains("The role rep") && note.contains("\\password rep"))

        // Set again under scram-sha-256, the role's hash is SCRAM: no note.
        try cluster.psql("SET password_encryption = 'scram-sha-256'; ALTER ROLE rep PASSWORD 'secret-one'")
        #expect(StoredPassword.kind(of: "rep", on: primary) == .scram)
        let again = try hbaPlan(cluster, stored: StoredPassword.kind(of: "rep", on: primary))
        #expect(!again.notes.contains { $0.contains("md5 hash") }, "\(again.notes)")
    }
}
