import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// archive_library beside the wizard's archive_command: said in the
/// primary's settings step before the restart, per version, and stopped at
/// by the preflight on a real server.
@Suite("archive_library set beside archive_command", .serialized)
struct ArchiveLibraryTests {
    static let now = Date(timeIntervalSince1970: 1_768_478_400)

    func settingsPlan(version: String, conf: String) throws -> StepEditPlan {
        let answers = EditPlannerTests.answers(version: version, cluster: "main")
        let step = try #require(ScreenLoader.load(directory: TestPaths.screens).screens.first { $0.id == "primary-settings" })
        let host = MemoryHost(role: .primary, files: ["/etc/postgresql/\(version)/main/postgresql.conf": conf],
                              directories: ["/var/lib/postgresql/\(version)/main"])
        return try EditPlanner.plan(step, answers: answers, host: host, now: Self.now)
    }

    @Test(arguments: ["15", "16", "17", "18"])
    func theSettingsStepSaysWhatTheLibraryDoes(version: String) throws {
        let plan = try settingsPlan(version: version, conf: "port = 5432\narchive_library = 'basic_archive'\n")
        let note = try #require(plan.notes.first { $0.contains("archive_library") }, "\(plan.notes)")
        #expect(note.hasPrefix("/etc/postgresql/\(version)/main/postgresql.conf:2 archive_library = 'basic_archive' is set"))
        if version == "15" {
            #expect(note.contains("archive_library wins") && note.contains("never runs archive_command"), "\(note)")
        } else {
            // The very text the archiver of that version logs.
            let major = try #require(PostgresMajor(version))
            let logged = try #require(ServerMessageTextsTests.texts.first { $0.id == "archive-library-set" && $0.covers(major) })
            #expect(note.contains(logged.format), "\(note)")
            #expect(note.contains("refuses to archive"), "\(note)")
        }
        // Nothing changes archive_library itself: the operator decides.
        #expect(plan.settingEdits.allSatisfy { $0.name != "archive_library" })
    }

    @Test(arguments: ["14", "15", "18"])
    func noLibraryOrNoSuchSettingSaysNothing(version: String) throws {
        let conf = version == "14" ? "archive_library = 'x'\n" : "archive_library = ''\n"
        let plan = try settingsPlan(version: version, conf: conf)
        #expect(!plan.notes.contains { $0.contains("archive_library") }, "\(plan.notes)")
    }

    /// SHOW on the running primary: a library given any way stops the
    /// preflight's archive check, with the fix.
    @Test(Needs.postgreSQL) func thePreflightStopsOnARealPrimaryWithALibrary() throws {
        let cluster = try TestCluster(name: "archlib")
        let archive = cluster.root + "/archive"
        try cluster.append("archive_library = 'basic_archive'\n", to: cluster.configFile)
        try cluster.start()
        let values = ["PRIMARY_PG_PORT": "\(cluster.port)", "PRIMARY_PG_DATA": cluster.dataDirectory,
                      "PRIMARY_PG_CONF_DIR": cluster.dataDirectory, "REP_ARCHIVE": archive]
        let sql = ClusterSQL(role: .primary, values: values, hosts: ThisMachine())
        var verification = Verification(primary: sql, standby: sql)
        verification.values = values
        let result = try #require(verification.run([.archiveWritable]).first)
        #expect(!result.passed, "\(result.detail)")
        let major = try #require(PostgresMajor("\(cluster.majorVersion)"))
        #expect(result.detail.first == ArchiveLibrary.conflict(library: "basic_archive", major: major), "\(result.detail)")
        #expect(result.detail.last?.contains("ALTER SYSTEM RESET archive_library") == true)

        try cluster.psql("ALTER SYSTEM SET archive_library = ''")
        try cluster.psql("SELECT pg_reload_conf()")
        Thread.sleep(forTimeInterval: 0.5)
        let after = try #require(verification.run([.archiveWritable]).first)
        #expect(after.passed, "\(after.detail)")
    }
}
