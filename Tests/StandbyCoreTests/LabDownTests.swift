import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// `lab down` on a host in memory: which clusters it drops when
/// pg_lsclusters cannot list them (another cluster half dropped by
/// another lab at the same moment makes it fail).
@Suite("Lab down without pg_lsclusters")
struct LabDownTests {
    static func lab(configured: [String]) throws -> (TrainingLab, MemoryHost) {
        // Never made on disk: the paths the record names do not exist.
        let directory = "/tmp/standby-wizard-downtest-\(UUID().uuidString)"
        let prefix = "swdn\(getpid() % 100000)"
        func cluster(_ name: String, _ port: Int) -> LabState.Cluster {
            LabState.Cluster(name: name, port: port, dataDirectory: "/var/lib/postgresql/15/\(name)",
                             logFile: "/var/log/postgresql/postgresql-15-\(name).log", clusterAnswer: name)
        }
        let state = LabState(layout: .debian, version: "15", primary: cluster(prefix + "-primary", 1), standby: cluster(prefix + "-standby", 2),
                             answersFile: directory + "/answers.yaml", archiveDirectory: directory + "/wal-archive", exercise: nil)
        var files = [directory + "/lab.json": String(decoding: try JSONEncoder().encode(state), as: UTF8.self)]
        for role in configured { files["/etc/postgresql/15/\(prefix)-\(role)/postgresql.conf"] = "port = 1\n" }
        let host = MemoryHost(files: files)
        // pg_lsclusters is not answered: it fails, as it does then.
        host.answer("pg_dropcluster", with: "")
        return (TrainingLab(host: host, stateDirectory: directory, isRoot: true, namePrefix: prefix), host)
    }

    @Test func aClusterWhoseConfigurationIsThereIsDroppedAllTheSame() throws {
        let (lab, host) = try Self.lab(configured: ["primary", "standby"])
        let done = try lab.down()
        #expect(host.ran.filter { $0.hasPrefix("pg_dropcluster") }
                == ["pg_dropcluster --stop 15 \(lab.primaryName)", "pg_dropcluster --stop 15 \(lab.standbyName)"])
        #expect(done.contains(.removed("cluster 15/\(lab.standbyName)")))
    }

    @Test func aClusterNeitherListedNorConfiguredIsLeftAlone() throws {
        let (lab, host) = try Self.lab(configured: ["primary"])
        try lab.down()
        #expect(host.ran.filter { $0.hasPrefix("pg_dropcluster") } == ["pg_dropcluster --stop 15 \(lab.primaryName)"])
    }
}
