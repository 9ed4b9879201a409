import Foundation
import StandbyCore
import TestSupport
import Testing

/// The host forms' "On this machine" lines, read from a real initdb'd data
/// directory and real installed binaries. Debian rows are given as
/// pg_lsclusters would list them, so no test depends on which clusters
/// this machine happens to have.
@Suite("What this machine shows about a host form's answers")
struct HostSurveyTests {
    static let facts = HostFacts.detect()

    func answers(version: Int, cluster: String, port: Int = 5432) -> Answers {
        Answers(["PRIMARY_PG_VERSION": "\(version)", "PRIMARY_PG_CLUSTER": cluster, "PRIMARY_PG_PORT": "\(port)"])
    }

    @Test(Needs.postgreSQL) func dataDirectoryOfTheAnsweredVersion() throws {
        let cluster = try TestCluster(name: "survey")
        let found = HostSurvey.findings(for: .primary, answers: answers(version: cluster.majorVersion, cluster: cluster.dataDirectory),
                                        host: LocalHost(), facts: Self.facts, clusters: [])
        #expect(found.first == HostSurvey.Finding("Data directory of \(cluster.majorVersion), configuration inside it"))
        #expect(found.contains(HostSurvey.Finding("Programs in \(cluster.binDirectory)")))
        #expect(found.allSatisfy { !$0.isProblem }, "\(found)")
    }

    @Test(Needs.postgreSQL) func dataDirectoryOfAnotherVersionIsAProblem() throws {
        let cluster = try TestCluster(name: "survey-old")
        let other = cluster.majorVersion == 14 ? 13 : 14
        let found = HostSurvey.findings(for: .primary, answers: answers(version: other, cluster: cluster.dataDirectory),
                                        host: LocalHost(), facts: Self.facts, clusters: [])
        #expect(found.first == HostSurvey.Finding("\(cluster.dataDirectory) holds PostgreSQL \(cluster.majorVersion), not \(other)", problem: true))
    }

    @Test func debianClusterAsListedAndAPortThatDiffers() {
        let row = DetectedCluster(version: "15", name: "main", port: 5433, status: ["online"], owner: "postgres",
                                  dataDirectory: "/var/lib/postgresql/15/main", logFile: "/var/log/postgresql/postgresql-15-main.log")
        let found = HostSurvey.findings(for: .primary, answers: answers(version: 15, cluster: "main"), host: LocalHost(),
                                        facts: Self.facts, clusters: [row])
        #expect(found.first == HostSurvey.Finding("Debian cluster 15/main, online, port 5433"))
        #expect(found.contains(HostSurvey.Finding("pg_lsclusters gives port 5433, not 5432", problem: true)))
    }

    @Test func aMissingClusterMattersOnThePrimaryOnly() {
        let none = answers(version: 15, cluster: "nosuch")
        let primary = HostSurvey.findings(for: .primary, answers: none, host: LocalHost(), facts: Self.facts, clusters: [])
        #expect(primary.first == HostSurvey.Finding("No Debian cluster 15/nosuch here", problem: true))
        let standbyAnswers = Answers(["SECONDARY_PG_VERSION": "15", "SECONDARY_PG_CLUSTER": "nosuch"])
        let standby = HostSurvey.findings(for: .secondary, answers: standbyAnswers, host: LocalHost(), facts: Self.facts, clusters: [])
        #expect(standby.first == HostSurvey.Finding("No Debian cluster 15/nosuch here"))
    }

    @Test func aVersionNotInstalledIsAProblem() {
        let found = HostSurvey.findings(for: .primary, answers: answers(version: 9, cluster: "main"), host: LocalHost(),
                                        facts: Self.facts, clusters: [])
        #expect(found.isEmpty, "9 is not a supported major, so nothing is surveyed")
        let old = HostSurvey.findings(for: .primary, answers: Answers(["PRIMARY_PG_VERSION": "9.6", "PRIMARY_PG_CLUSTER": "main"]),
                                      host: LocalHost(), facts: Self.facts, clusters: [])
        #expect(old.contains(HostSurvey.Finding("PostgreSQL 9.6 is not installed here (no /usr/lib/postgresql/9.6/bin/postgres)", problem: true)))
    }
}
