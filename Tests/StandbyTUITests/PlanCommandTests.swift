import Foundation
import TestSupport
import Testing

/// `standby-wizard plan` as an operator runs it before the real thing.
@Suite("plan command")
struct PlanCommandTests {
    /// A data-directory cluster in a scratch directory, with the files
    /// initdb would write from the installed samples.
    struct Scratch {
        let root: String
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: root + "/primary", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: root + "/standby", withIntermediateDirectories: true)
            let sample = "/usr/share/postgresql/15"
            let conf = try String(contentsOfFile: sample + "/postgresql.conf.sample", encoding: .utf8)
            let hba = try String(contentsOfFile: sample + "/pg_hba.conf.sample", encoding: .utf8)
                .replacingOccurrences(of: "@authcomment@", with: "")
                .replacingOccurrences(of: "@remove-line-for-nolocal@", with: "")
                .replacingOccurrences(of: "@authmethodhost@", with: "scram-sha-256")
                .replacingOccurrences(of: "@authmethodlocal@", with: "peer")
            for side in ["primary", "standby"] {
                try conf.write(toFile: "\(root)/\(side)/postgresql.conf", atomically: false, encoding: .utf8)
                try hba.write(toFile: "\(root)/\(side)/pg_hba.conf", atomically: false, encoding: .utf8)
            }
            try """
            PRIMARY_PG_IP: 192.0.2.10
            PRIMARY_PG_VERSION: 15
            PRIMARY_PG_CLUSTER: \(root)/primary
            SECONDARY_PG_IP: 192.0.2.20
            SECONDARY_PG_VERSION: 15
            SECONDARY_PG_CLUSTER: \(root)/standby
            REP_USER: replicator
            REP_USER_PW: "pl4n 'secret' \\\\ pw"
            REP_ARCHIVE: /var/lib/postgresql/wal archive

            """.write(toFile: root + "/answers.yaml", atomically: false, encoding: .utf8)
        }

        /// Every file with its bytes and modification time.
        func snapshot() throws -> [String: String] {
            var out: [String: String] = [:]
            for name in try FileManager.default.subpathsOfDirectory(atPath: root) {
                let path = root + "/" + name
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                let bytes = FileManager.default.contents(atPath: path) ?? Data()
                out[name] = "\(bytes.base64EncodedString()) \((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
            }
            return out
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test func printsEveryStepAndChangesNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let before = try scratch.snapshot()
        let result = try ChildProcess.run([BuiltBinary.path, "plan", "--answers", scratch.root + "/answers.yaml"])
        #expect(result.status == 0, "\(result.output)")
        #expect(try scratch.snapshot() == before)
        let output = result.output
        #expect(output.contains("hosts: the primary is this machine, the secondary is this machine; files are read there."))
        #expect(output.contains("] Welcome (THIS HOST)\n"))
        #expect(output.contains("--- \(scratch.root)/primary/pg_hba.conf"))
        #expect(output.contains("+host    replication     replicator      192.0.2.20/32           scram-sha-256"))
        #expect(output.contains("+listen_addresses = '*'\t\t# what IP address(es) to listen on;"))
        #expect(output.contains("+++ \(scratch.root)/standby/standby.signal"))
        #expect(output.contains("/bin/createuser -p 5432 "))
        #expect(output.contains("mkdir -p '/var/lib/postgresql/wal archive' && chown postgres '/var/lib/postgresql/wal archive'"))
        #expect(output.contains("restart PostgreSQL 15 in \(scratch.root)/primary"))
        #expect(!output.contains("pl4n"), "the password leaked")
    }

    @Test func aMissingFileIsReportedPlainly() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try FileManager.default.removeItem(atPath: scratch.root + "/primary/pg_hba.conf")
        let result = try ChildProcess.run([BuiltBinary.path, "plan", "--answers", scratch.root + "/answers.yaml"])
        #expect(result.status == 0)
        #expect(result.output.contains("cannot plan this edit: \(scratch.root)/primary/pg_hba.conf does not exist (pg_hba.conf of the primary's cluster)"))
    }

    @Test func badAnswersStopWithFileAndLine() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try "PRIMARY_PG_IP: 192.0.2.300\n".write(toFile: scratch.root + "/bad.yaml", atomically: false, encoding: .utf8)
        let result = try ChildProcess.run([BuiltBinary.path, "plan", "--answers", scratch.root + "/bad.yaml"])
        #expect(result.status != 0)
        #expect(result.output.contains("\(scratch.root)/bad.yaml:1: PRIMARY_PG_IP"))
        let badMode = try ChildProcess.run([BuiltBinary.path, "plan", "--answers", scratch.root + "/answers.yaml", "--mode", "fast"])
        #expect(badMode.status != 0)
        #expect(badMode.output.contains("fast"))
    }
}
