import Foundation
import Testing
import TestSupport
@testable import StandbyCore

@Suite("Edit planning, applying, drift and undo")
struct EditPlannerTests {
    static let now = Date(timeIntervalSince1970: 1_768_478_400)

    static func answers(version: String, cluster: String, password: String = "pw'with \\ odd:chars") -> Answers {
        Answers([
            "PRIMARY_PG_IP": "192.0.2.10", "PRIMARY_PG_PORT": "5432", "PRIMARY_PG_VERSION": version,
            "PRIMARY_PG_CLUSTER": cluster, "SECONDARY_PG_IP": "192.0.2.20", "SECONDARY_PG_PORT": "5433",
            "SECONDARY_PG_VERSION": version, "SECONDARY_PG_CLUSTER": cluster, "REP_USER": "replicator",
            "REP_USER_PW": password, "REP_ARCHIVE": "/srv/wal archive",
        ])
    }

    static func step(_ id: String, _ host: HostRole, _ edit: EditAction) -> ScreenDefinition {
        ScreenDefinition(id: id, title: id, host: host, text: "", action: .edit(edit), location: SourceLocation(file: "t", line: 1))
    }

    static let conninfoStep = step("recovery", .secondary, EditAction(file: .recoverySettings, settings: [
        ConfigSetting(name: "standby_mode", value: "on"),
        ConfigSetting(name: "primary_conninfo", value: "host=$PRIMARY_PG_IP port=$PRIMARY_PG_PORT user=$REP_USER password=$REP_USER_PW"),
    ]))

    static func dataHost(_ version: String, files: [String: String] = [:], home: String = "/home/pg") -> MemoryHost {
        MemoryHost(role: .secondary, files: files, directories: ["/var/lib/postgresql/\(version)/main"],
                   accounts: ["postgres": UserAccount(name: "postgres", uid: 105, gid: 111, home: home)])
    }

    @Test func thePasswordCanStayInTheConninfoQuotedForAnyPassword() throws {
        let answers = Self.answers(version: "11", cluster: "main")
        let plan = try EditPlanner.plan(Self.conninfoStep, answers: answers, host: Self.dataHost("11"), now: Self.now,
                                        options: EditOptions(passwordStorage: .inConninfo))
        #expect(plan.changes.map(\.role) == [.recoveryConf])
        let written = try #require(plan.changes.first?.proposed)
        let conf = PostgresqlConf(written)
        let conninfo = try #require(conf.assignments.first { $0.key == "primary_conninfo" }?.value)
        #expect(Conninfo.parse(conninfo)?.last?.value == "pw'with \\ odd:chars")
        #expect(!plan.report().contains("odd:chars"))
        #expect(plan.report().contains("password=********"))
    }

    @Test func byDefaultThePasswordGoesToThePasswordFile() throws {
        let plan = try EditPlanner.plan(Self.conninfoStep, answers: Self.answers(version: "11", cluster: "main"),
                                        host: Self.dataHost("11"), now: Self.now)
        let pgpass = try #require(plan.changes.first { $0.role == .passwordFile })
        #expect(pgpass.path == "/home/pg/.pgpass")
        #expect(pgpass.proposed == "192.0.2.10:5432:replication:replicator:pw'with \\\\ odd\\:chars\n")
        #expect(pgpass.forcedPermissions == 0o600 && pgpass.newFileOwner == 105 && pgpass.newFileGroup == 111)
        let recovery = try #require(plan.changes.first { $0.role == .recoveryConf }?.proposed)
        #expect(recovery.contains("primary_conninfo = 'host=192.0.2.10 port=5432 user=replicator passfile=/home/pg/.pgpass'"))
        #expect(!recovery.contains("pw'with"))
    }

    @Test func before10LibpqHasNoPassfileButReadsTheDefaultFile() throws {
        let plan = try EditPlanner.plan(Self.conninfoStep, answers: Self.answers(version: "9.6", cluster: "main"),
                                        host: Self.dataHost("9.6"), now: Self.now)
        let recovery = try #require(plan.changes.first { $0.role == .recoveryConf }?.proposed)
        #expect(recovery.contains("primary_conninfo = 'host=192.0.2.10 port=5432 user=replicator'\n"))
        #expect(plan.changes.contains { $0.role == .passwordFile })
    }

    @Test func from12OnTheSignalFileAndAWarningAboutALeftoverRecoveryConf() throws {
        let conf = "/etc/postgresql/14/main/postgresql.conf"
        let host = Self.dataHost("14", files: [conf: "#primary_conninfo = ''\n",
                                               "/var/lib/postgresql/14/main/recovery.conf": "standby_mode = on\n"])
        let plan = try EditPlanner.plan(Self.conninfoStep, answers: Self.answers(version: "14", cluster: "main"), host: host, now: Self.now)
        #expect(plan.changes.map(\.role) == [.passwordFile, .postgresqlConf, .standbySignal])
        #expect(plan.notes.contains { $0.contains("recovery.conf exists") })
        #expect(plan.notes.contains { $0.contains("standby_mode does not exist") })
        #expect(plan.needsRestart == ["standby.signal"])
        #expect(plan.needsReload == ["primary_conninfo"])
        _ = try EditApplier.apply(plan, on: host, at: Self.now)
        #expect(host["/var/lib/postgresql/14/main/standby.signal"] == "")
        #expect(try !EditPlanner.plan(Self.conninfoStep, answers: Self.answers(version: "14", cluster: "main"), host: host, now: Self.now).changesSomething)
    }

    @Test func problemsAreReportedNotCrashedOn() throws {
        let settings = Self.step("s", .primary, EditAction(file: .postgresqlConf, settings: [ConfigSetting(name: "wal_level", value: "$WAL_LEVEL")]))
        let answers = Self.answers(version: "16", cluster: "main")
        #expect(throws: EditPlanError.missingFile(path: "/etc/postgresql/16/main/postgresql.conf", what: "postgresql.conf of the primary's cluster")) {
            try EditPlanner.plan(settings, answers: answers, host: MemoryHost(), now: Self.now)
        }
        let broken = MemoryHost(files: ["/etc/postgresql/16/main/postgresql.conf": "port = 5432\nlisten_addresses = *\n"])
        #expect(throws: EditPlanError.self) { try EditPlanner.plan(settings, answers: answers, host: broken, now: Self.now) }
        var partial = answers
        partial["REP_USER_PW"] = nil
        #expect(throws: EditPlanError.missingAnswers(["REP_USER_PW"])) {
            try EditPlanner.plan(Self.conninfoStep, answers: partial, host: Self.dataHost("16"), now: Self.now)
        }
        #expect(throws: EditPlanError.noClusterAnswers(.secondary)) {
            try EditPlanner.plan(Self.conninfoStep, answers: Answers(), host: MemoryHost(), now: Self.now)
        }
        #expect(throws: EditPlanError.missingFile(path: "/var/lib/postgresql/11/main", what: "the standby's data directory; the copy step creates it")) {
            try EditPlanner.plan(Self.conninfoStep, answers: Self.answers(version: "11", cluster: "main"), host: MemoryHost(), now: Self.now)
        }
    }

    @Test func hbaFileFromPostgresqlConfAndMethodFromPasswordEncryption() throws {
        let hbaStep = Self.step("hba", .primary, EditAction(file: .pgHbaConf, hbaRules: [
            HbaRuleTemplate(type: "host", database: "replication", user: "$REP_USER", address: "$SECONDARY_HBA_ADDRESS", method: "$HBA_AUTH_METHOD"),
        ]))
        let host = MemoryHost(files: [
            "/etc/postgresql/13/main/postgresql.conf": "hba_file = '/srv/auth/hba.conf'\npassword_encryption = 'scram-sha-256'\n",
            "/srv/auth/hba.conf": "local all all peer\n",
        ])
        let plan = try EditPlanner.plan(hbaStep, answers: Self.answers(version: "13", cluster: "main"), host: host, now: Self.now)
        #expect(plan.changes.map(\.path) == ["/srv/auth/hba.conf"])
        #expect(plan.changes.first?.proposed?.contains("192.0.2.20/32           scram-sha-256") == true)
        #expect(plan.notes.first?.contains("instead of this version's default md5") == true)
    }

    @Test func aChangeOnDiskSinceThePlanIsRefusedWithWhatChanged() throws {
        let path = "/etc/postgresql/16/main/postgresql.conf"
        let host = MemoryHost(files: [path: "#wal_level = replica\n"])
        let step = Self.step("s", .primary, EditAction(file: .postgresqlConf, settings: [ConfigSetting(name: "wal_level", value: "logical")]))
        let plan = try EditPlanner.plan(step, answers: Self.answers(version: "16", cluster: "main"), host: host, now: Self.now)
        host[path] = "#wal_level = replica\nport = 5433\n"
        do {
            _ = try EditApplier.apply(plan, on: host, at: Self.now)
            Issue.record("applied over a changed file")
        } catch EditApplyError.drifted(let drifts) {
            #expect(drifts.map(\.path) == [path])
            #expect(drifts.first?.whatChanged.lines.filter { $0.kind == .added }.map(\.text) == ["port = 5433"])
        }
        #expect(host[path] == "#wal_level = replica\nport = 5433\n")
    }

    @Test func handEditsAreCheckedAgainstWhatTheStepWants() throws {
        let path = "/etc/postgresql/16/main/postgresql.conf"
        let host = MemoryHost(files: [path: "#wal_level = replica\n#archive_mode = off\n"])
        let step = Self.step("s", .primary, EditAction(file: .postgresqlConf, settings: [
            ConfigSetting(name: "wal_level", value: "replica"), ConfigSetting(name: "archive_mode", value: "on"),
        ]))
        let answers = Self.answers(version: "16", cluster: "main")
        let plan = try EditPlanner.plan(step, answers: answers, host: host, now: Self.now)
        let edited = try HandEdit.replace(path, with: "wal_level = logical # mine\n#archive_mode = off\n", in: plan, step: step,
                                          answers: answers, host: host, now: Self.now)
        #expect(edited.summary.description == "edited by hand: 1 line added, 1 removed")
        #expect(edited.notes.contains { $0.contains("archive_mode") && !$0.contains("wal_level:") })
        _ = try EditApplier.apply(edited, on: host, at: Self.now)
        #expect(host[path] == "wal_level = logical # mine\n#archive_mode = off\n")
    }

    @Test func theEditorIsEditorOrVi() {
        #expect(HandEdit.editorCommand(for: "/t/x.conf", environment: [:]) == ["vi", "/t/x.conf"])
        #expect(HandEdit.editorCommand(for: "/t/x.conf", environment: ["EDITOR": "emacs -nw"])
            == ["/bin/sh", "-c", "emacs -nw \"$1\"", "sh", "/t/x.conf"])
    }

    @Test func handEditFilesArePrivateAndCleanedUp() throws {
        let change = FileChange(path: "/x/.pgpass", role: .passwordFile, original: nil, proposed: "a:b:c:d:secret\n")
        let path = try HandEdit.prepare(change)
        #expect(path.hasSuffix("/.pgpass"))
        #expect(try LocalHost().fileInfo(path)?.permissions == 0o600)
        #expect(try LocalHost().fileInfo(ConfPath.directory(of: path))?.permissions == 0o700)
        try "a:b:c:d:changed\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try HandEdit.finish(path) == "a:b:c:d:changed\n")
        #expect(!FileManager.default.fileExists(atPath: ConfPath.directory(of: path)))
    }

    /// On disk, with the real writer: apply a step, undo it from its
    /// backups, and every byte is back; the file it created is gone.
    @Test func undoRestoresEveryByteFromTheBackups() throws {
        let dir = try TemporaryDirectory()
        let data = dir.path + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let original = "# mine\r\n#primary_conninfo = ''\t\t# connection string\r\nport = 5433"
        try original.write(toFile: data + "/postgresql.conf", atomically: false, encoding: .utf8)
        var answers = Self.answers(version: "16", cluster: data)
        answers["PRIMARY_PG_CLUSTER"] = "main"
        let host = LocalHost(role: .secondary)
        let plan = try EditPlanner.plan(Self.conninfoStep, answers: answers, host: host, now: Self.now,
                                        options: EditOptions(passwordStorage: .inConninfo))
        #expect(plan.changes.map(\.role) == [.postgresqlConf, .standbySignal])
        let receipts = try EditApplier.apply(plan, on: host, at: Self.now)
        #expect(FileManager.default.fileExists(atPath: data + "/standby.signal"))
        let undo = try EditApplier.undoPlan(for: receipts, stepID: "recovery", on: host)
        #expect(undo.summary.description == "1 file removed, 1 file restored from backup")
        #expect(undo.report().contains("-primary_conninfo = 'host=192.0.2.10 port=5432 user=replicator password=********'"))
        _ = try EditApplier.apply(undo, on: host, at: Self.now)
        #expect(FileManager.default.contents(atPath: data + "/postgresql.conf").map { Array($0) } == Array(original.utf8))
        #expect(!FileManager.default.fileExists(atPath: data + "/standby.signal"))
        #expect(try EditApplier.backups(of: SafeFileWriter.resolved(data + "/postgresql.conf"), on: host).count == 2)
    }
}
