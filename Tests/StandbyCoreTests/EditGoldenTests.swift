import Foundation
import Testing
import TestSupport
@testable import StandbyCore

/// Every edit step of the shipped procedure, planned over files in the
/// shape of each version, compared with reviewed output; then applied and
/// planned again, which must propose nothing.
@Suite("Edit steps over each version's files")
struct EditGoldenTests {
    static let now = Date(timeIntervalSince1970: 1_768_478_400) // 2026-01-15 12:00 UTC
    static let shapes = ["9.5", "10", "12", "13", "16", "18", "sample-15"]

    struct Shape {
        var version: String
        var cluster: String
        var files: [String: String]
        var directories: Set<String>
        var home: String
    }

    static func shape(_ name: String) throws -> Shape {
        if name == "sample-15" {
            return Shape(version: "15", cluster: "main", files: [
                "/etc/postgresql/15/main/postgresql.conf": try PgHbaSample.sample("postgresql.conf.sample"),
                "/etc/postgresql/15/main/pg_hba.conf": try PgHbaSample.initdbText(),
            ], directories: ["/var/lib/postgresql/15/main"], home: "/var/lib/postgresql")
        }
        let base = TestPaths.testsDirectory.appendingPathComponent("Fixtures/conf-shapes/\(name)").path
        let debian = !["10", "13"].contains(name)
        let confDir = debian ? "/etc/postgresql/\(name)/main" : "/var/lib/pgsql/\(name)/data"
        let dataDir = debian ? "/var/lib/postgresql/\(name)/main" : confDir
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: base)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let text = try String(contentsOfFile: base + "/" + relative, encoding: .utf8)
            files[(relative == "postgresql.auto.conf" ? dataDir : confDir) + "/" + relative] = text
        }
        return Shape(version: name, cluster: debian ? "main" : confDir, files: files,
                     directories: [dataDir, confDir + "/conf.d"], home: debian ? "/var/lib/postgresql" : "/var/lib/pgsql")
    }

    static func answers(_ shape: Shape) -> Answers {
        Answers([
            "PRIMARY_PG_IP": "192.0.2.10", "PRIMARY_PG_PORT": "5432", "PRIMARY_PG_VERSION": shape.version,
            "PRIMARY_PG_CLUSTER": shape.cluster, "SECONDARY_PG_IP": "192.0.2.20", "SECONDARY_PG_PORT": "5432",
            "SECONDARY_PG_VERSION": shape.version, "SECONDARY_PG_CLUSTER": shape.cluster, "REP_USER": "replicator",
            "REP_USER_PW": "s3cret 'quoted' \\ pw", "REP_ARCHIVE": "/var/lib/postgresql/wal archive",
        ])
    }

    static func editSteps(_ answers: Answers) throws -> [ScreenDefinition] {
        let loaded = ScreenLoader.load(directory: TestPaths.screens)
        try #require(loaded.problems.isEmpty)
        let walkthrough = Walkthrough(screens: loaded.screens)
        return walkthrough.visibleSteps(in: WalkthroughState(mode: .full, answers: answers)).filter {
            if case .edit = $0.action { return true }
            return false
        }
    }

    @Test(arguments: shapes)
    func planApplyAndPlanAgain(name: String) throws {
        let shape = try Self.shape(name)
        let answers = Self.answers(shape)
        let account = UserAccount(name: "postgres", uid: 105, gid: 111, home: shape.home)
        // The running primary's limits, as the executor reads them: higher
        // than the shapes' own max_connections, equal elsewhere.
        let limits = ["PRIMARY_MAX_CONNECTIONS": "200", "PRIMARY_MAX_WORKER_PROCESSES": "8",
                      "PRIMARY_MAX_PREPARED_TRANSACTIONS": "0", "PRIMARY_MAX_LOCKS_PER_TRANSACTION": "64",
                      "PRIMARY_MAX_WAL_SENDERS": "10"]
        let hosts: [HostRole: MemoryHost] = [
            .primary: MemoryHost(role: .primary, files: shape.files, directories: shape.directories, accounts: ["postgres": account]),
            .secondary: MemoryHost(role: .secondary, files: shape.files, directories: shape.directories, accounts: ["postgres": account]),
        ]
        var report = ""
        for step in try Self.editSteps(answers) {
            let host = try #require(hosts[step.host])
            report += "== \(step.id) [\(step.host.badge)]\n"
            let options = EditOptions(primaryLimits: limits)
            let plan = try EditPlanner.plan(step, answers: answers, host: host, now: Self.now, options: options)
            report += plan.report()
            #expect(!report.contains("s3cret"), "password shown in \(step.id)")
            _ = try EditApplier.apply(plan, on: host, at: Self.now)
            let again = try EditPlanner.plan(step, answers: answers, host: host, now: Self.now, options: options)
            #expect(!again.changesSomething, "\(name) \(step.id) changes again:\n\(again.report())")
            #expect(again.summary.description == "no change: already as wanted")
        }
        // Files that used CRLF still use nothing else.
        for (path, text) in shape.files where text.contains("\r\n") {
            for role in [HostRole.primary, .secondary] {
                let now = try #require(hosts[role]?[path])
                let bytes = Array(now.utf8)
                let newlines = bytes.indices.filter { bytes[$0] == 10 }
                #expect(newlines.allSatisfy { $0 > 0 && bytes[$0 - 1] == 13 }, "\(path)")
            }
        }
        EditGolden.check("\(name).txt", report)
    }
}

/// Reviewed plan output under Fixtures/edit-goldens; after an intended
/// change, `bash .dev/approve-goldens` rewrites the ones that differ.
enum EditGolden {
    static let directory = TestPaths.testsDirectory.appendingPathComponent("Fixtures/edit-goldens")

    static func check(_ name: String, _ actual: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        if GoldenApproval.approving {
            GoldenApproval.approve(actual, at: url)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden \(name); if it is meant to be new, \(GoldenApproval.command)", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
            Issue.record("\(name) differs (if the change is intended, \(GoldenApproval.command)) from line \(first + 1): golden \(first < e.count ? String(e[first]) : "<end>") / actual \(first < a.count ? String(a[first]) : "<end>")",
                         sourceLocation: sourceLocation)
        }
    }
}
