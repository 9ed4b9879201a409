import Foundation
import Testing
@testable import StandbyCore

/// Answers `pg_lsclusters -h` with canned text and records what ran.
private final class FakeHost: HostAccess, @unchecked Sendable {
    let role: HostRole = .primary
    let files: Set<String>
    let output: CommandOutput
    private(set) var commands: [[String]] = []

    init(files: Set<String>, output: CommandOutput) {
        self.files = files
        self.output = output
    }

    func readFile(_ path: String) throws -> String { throw HostAccessError.cannotRead(path) }
    func fileExists(_ path: String) -> Bool { files.contains(path) }
    func run(_ argv: [String], environment: [String: String]?) throws -> CommandOutput {
        commands.append(argv)
        return output
    }
    func readFileBytes(_ path: String) throws -> [UInt8] { throw HostAccessError.cannotRead(path) }
    func fileInfo(_ path: String) throws -> FileInfo? { nil }
    func listDirectory(_ path: String) throws -> [String] { throw HostAccessError.cannotRead(path) }
    func account(named name: String) throws -> UserAccount? { nil }
    func writeFileSafely(_ write: SafeWrite, at date: Date) throws -> SafeWriteReceipt {
        throw HostAccessError.cannotRead(write.path)
    }
}

private let modernListing = """
15  main    5432 down            postgres /var/lib/postgresql/15/main    /var/log/postgresql/postgresql-15-main.log
16  main    5433 online          postgres /var/lib/postgresql/16/main    /var/log/postgresql/postgresql-16-main.log
16  standby 5434 online,recovery postgres /var/lib/postgresql/16/standby /var/log/postgresql/postgresql-16-standby.log

"""

private let oldListing = """
9.5 main 5432 online postgres /var/lib/postgresql/9.5/main /var/log/postgresql/postgresql-9.5-main.log
9.6 main 5433 down,recovery postgres /var/lib/postgresql/9.6/main pg_log/postgresql-%Y-%m-%d_%H%M%S.log
"""

struct ClusterDetectionParserTests {
    @Test func parsesModernRows() throws {
        let clusters = ClusterDetection.parse(lsclustersOutput: modernListing)
        try #require(clusters.count == 3)
        #expect(clusters[0] == DetectedCluster(
            version: "15", name: "main", port: 5432, status: ["down"], owner: "postgres",
            dataDirectory: "/var/lib/postgresql/15/main",
            logFile: "/var/log/postgresql/postgresql-15-main.log"))
        #expect(clusters[0].major == PostgresMajor(15))
        #expect(!clusters[0].isOnline)
        #expect(clusters[1].isOnline && !clusters[1].isInRecovery)
        #expect(clusters[2].name == "standby")
        #expect(clusters[2].port == 5434)
        #expect(clusters[2].status == ["online", "recovery"])
        #expect(clusters[2].isOnline && clusters[2].isInRecovery)
        #expect(clusters[2].dataDirectory == "/var/lib/postgresql/16/standby")
    }

    @Test func parsesNinePointFiveStyleRows() throws {
        let clusters = ClusterDetection.parse(lsclustersOutput: oldListing)
        try #require(clusters.count == 2)
        #expect(clusters[0].version == "9.5")
        #expect(clusters[0].major == PostgresMajor(9, 5))
        #expect(clusters[0].isOnline)
        #expect(clusters[1].major == PostgresMajor(9, 6))
        #expect(clusters[1].status == ["down", "recovery"])
        #expect(!clusters[1].isOnline && clusters[1].isInRecovery)
        #expect(clusters[1].logFile == "pg_log/postgresql-%Y-%m-%d_%H%M%S.log")
    }

    @Test func unknownFieldsAndExtraStatusWords() throws {
        let text = "13  old  <unknown> down,binaries_missing <unknown> /srv/pg 13/old  syslog\n"
        let cluster = try #require(ClusterDetection.parse(lsclustersOutput: text).first)
        #expect(cluster.port == nil)
        #expect(cluster.status == ["down", "binaries_missing"])
        #expect(cluster.owner == "<unknown>")
        #expect(cluster.dataDirectory == "/srv/pg 13/old")
        #expect(cluster.logFile == "syslog")
    }

    @Test func colouredOutputIsUnderstood() throws {
        let text = "\u{1B}[32m17  main 5432 online postgres /var/lib/postgresql/17/main /var/log/postgresql/postgresql-17-main.log\u{1B}[0m\n"
        let cluster = try #require(ClusterDetection.parse(lsclustersOutput: text).first)
        #expect(cluster.version == "17")
        #expect(cluster.logFile == "/var/log/postgresql/postgresql-17-main.log")
    }

    @Test(arguments: ["", "\n\n", "Ver Cluster Port Status Owner Data directory Log file",
                      "Error: Invalid data directory", "16 main 5432 online"])
    func linesThatAreNotRowsAreSkipped(text: String) {
        #expect(ClusterDetection.parse(lsclustersOutput: text).isEmpty)
    }
}

struct ClusterDetectionSuggestionTests {
    @Test func firstOnlineClusterWins() {
        let clusters = ClusterDetection.parse(lsclustersOutput: modernListing)
        #expect(ClusterDetection.suggestedAnswers(for: .primary, clusters: clusters)
            == ["PRIMARY_PG_VERSION": "16", "PRIMARY_PG_CLUSTER": "main", "PRIMARY_PG_PORT": "5433"])
        #expect(ClusterDetection.suggestedAnswers(for: .secondary, clusters: clusters)
            == ["SECONDARY_PG_VERSION": "16", "SECONDARY_PG_CLUSTER": "main", "SECONDARY_PG_PORT": "5433"])
    }

    @Test func firstClusterWhenNoneRuns() {
        let clusters = ClusterDetection.parse(lsclustersOutput: oldListing).map { cluster -> DetectedCluster in
            var down = cluster
            down.status = ["down"]
            return down
        }
        #expect(ClusterDetection.suggestedAnswers(for: .secondary, clusters: clusters)
            == ["SECONDARY_PG_VERSION": "9.5", "SECONDARY_PG_CLUSTER": "main", "SECONDARY_PG_PORT": "5432"])
    }

    @Test func unknownPortIsLeftOut() {
        let clusters = ClusterDetection.parse(lsclustersOutput: "14 main <unknown> down postgres /d /l\n")
        #expect(ClusterDetection.suggestedAnswers(for: .primary, clusters: clusters)
            == ["PRIMARY_PG_VERSION": "14", "PRIMARY_PG_CLUSTER": "main"])
    }

    @Test func nothingToSuggest() {
        #expect(ClusterDetection.suggestedAnswers(for: .primary, clusters: []).isEmpty)
        let clusters = ClusterDetection.parse(lsclustersOutput: modernListing)
        #expect(ClusterDetection.suggestedAnswers(for: .local, clusters: clusters).isEmpty)
    }

    @Test func suggestionsPassValidation() {
        let clusters = ClusterDetection.parse(lsclustersOutput: modernListing)
        let answers = ClusterDetection.suggestedAnswers(for: .primary, clusters: clusters)
        for (name, value) in answers {
            #expect(VariableValidator.check(name, value: value, answers: Answers(answers)) == .valid, "\(name)")
        }
    }
}

struct ClusterDetectionHostTests {
    @Test func noPostgresqlCommonMeansNoClustersAndNoCommand() throws {
        let host = FakeHost(files: [], output: CommandOutput(exitStatus: 0, stdout: modernListing, stderr: ""))
        #expect(try ClusterDetection.detect(on: host).isEmpty)
        #expect(host.commands.isEmpty)
    }

    @Test func runsTheListingWithoutHeader() throws {
        let host = FakeHost(files: [ClusterDetection.lsclustersPath],
                            output: CommandOutput(exitStatus: 0, stdout: modernListing, stderr: ""))
        #expect(try ClusterDetection.detect(on: host).count == 3)
        #expect(host.commands == [["/usr/bin/pg_lsclusters", "-h"]])
    }

    @Test func failingListingIsReported() {
        let host = FakeHost(files: [ClusterDetection.lsclustersPath],
                            output: CommandOutput(exitStatus: 1, stdout: "", stderr: "Error: boom"))
        #expect(throws: ClusterDetection.Failure(exitStatus: 1, stderr: "Error: boom")) {
            try ClusterDetection.detect(on: host)
        }
    }

    /// Reads (never changes) the real listing of this machine, which has a
    /// PostgreSQL 15 cluster named main.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: ClusterDetection.lsclustersPath)))
    func realListingOnThisMachine() throws {
        let clusters = try ClusterDetection.detect(on: LocalHost())
        let cluster = try #require(clusters.first)
        #expect(cluster.version == "15")
        #expect(cluster.major == PostgresMajor(15))
        #expect(cluster.dataDirectory.hasPrefix("/"))
        #expect(clusters.contains { $0.name == "main" && $0.version == "15" })
    }
}
