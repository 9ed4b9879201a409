import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// What the copy brings from the primary into the standby's files, put
/// right in the diff of the standby's first postgresql.conf step.
@Suite("Settings copied from the primary, reviewed on the standby")
struct CopiedSettingsTests {
    static let now = Date(timeIntervalSince1970: 1_768_478_400)
    static let data = "/var/lib/pgsql/16/data"

    func plan(_ files: [String: String], retention: String = "keep", extraFiles: [String: String] = [:]) throws -> StepEditPlan {
        var values = EditPlannerTests.answers(version: "16", cluster: Self.data).values
        values["WAL_RETENTION"] = retention
        let step = try #require(ScreenLoader.load(directory: TestPaths.screens).screens.first { $0.id == "secondary-own-settings" })
        let host = MemoryHost(role: .secondary, files: files.merging(extraFiles) { $1 }, directories: [Self.data])
        return try EditPlanner.plan(step, answers: Answers(values), host: host, now: Self.now)
    }

    func text(_ plan: StepEditPlan, _ path: String) -> String {
        plan.changes.first { $0.path == path }?.proposed ?? ""
    }

    @Test func everythingThatNamesThePrimaryIsPutRight() throws {
        let conf = """
            listen_addresses = 'localhost, 192.0.2.10'
            port = 5432
            data_directory = '/srv/primary/data'
            hba_file = '/etc/primary/pg_hba.conf'
            ident_file = '/etc/shared/pg_ident.conf'
            include_if_exists '/etc/shared/tuning.conf'

            """
        let plan = try plan([Self.data + "/postgresql.conf": conf,
                             Self.data + "/postgresql.auto.conf": "primary_slot_name = 'old_slot'\n"],
                            extraFiles: ["/etc/shared/pg_ident.conf": "", "/etc/shared/tuning.conf": "work_mem = 8MB\n"])
        let written = text(plan, Self.data + "/postgresql.conf")
        #expect(written.contains("listen_addresses = 'localhost,192.0.2.20'\n"), "\(written)")
        #expect(written.contains("#data_directory = '/srv/primary/data'\t# copied from the primary"), "\(written)")
        #expect(written.contains("#hba_file = '/etc/primary/pg_hba.conf'\t# copied from the primary"), "\(written)")
        // A file this host has stays, with a note to check it.
        #expect(written.contains("\nident_file = '/etc/shared/pg_ident.conf'\n"), "\(written)")
        #expect(plan.notes.contains { $0.contains("ident_file = /etc/shared/pg_ident.conf") })
        #expect(plan.notes.contains { $0.contains("include_if_exists '/etc/shared/tuning.conf'") && $0.contains("this host's own") })
        #expect(text(plan, Self.data + "/postgresql.auto.conf").hasPrefix("#primary_slot_name = 'old_slot'\t# copied from the primary"))
        #expect(plan.details.contains { $0.hasPrefix("primary_slot_name = old_slot commented out: this standby keeps WAL by keep") })
    }

    @Test func aSlotStandbyKeepsItsSlotAndOwnValuesStay() throws {
        let conf = "listen_addresses = '*'\nport = 5432\ndata_directory = '\(Self.data)'\n"
        let plan = try plan([Self.data + "/postgresql.conf": conf,
                             Self.data + "/postgresql.auto.conf": "primary_slot_name = 'standby_192_0_2_20'\n"], retention: "slot")
        #expect(text(plan, Self.data + "/postgresql.auto.conf").isEmpty, "the auto file is not changed")
        let written = text(plan, Self.data + "/postgresql.conf")
        #expect(written.contains("listen_addresses = '*'\n") && written.contains("\ndata_directory = '\(Self.data)'\n"), "\(written)")
        #expect(plan.details.count == 1, "\(plan.details)")
    }
}
