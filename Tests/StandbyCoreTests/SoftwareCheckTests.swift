import Foundation
import StandbyCore
import TestSupport
import Testing

/// The standby's software step against the server installed here: it
/// passes for the installed major and stops for any other.
@Suite("The standby's software check", Needs.postgreSQL)
struct SoftwareCheckTests {
    static let step = ScreenLoader.load(sources: BuiltInScreens.files).screens.first { $0.id == "secondary-software" }

    func run(primaryVersion: String) throws -> CommandRun {
        let server = try TestCluster.installedServer()
        let step = try #require(Self.step)
        let plan = try CommandBuilder(facts: CommandHarness.facts)
            .plan(for: step, values: ["SECONDARY_PG_BINDIR": server.binDirectory, "PRIMARY_PG_VERSION": primaryVersion], password: nil)
        return try CommandHarness.run(plan)
    }

    @Test func theInstalledMajorPasses() throws {
        let major = try TestCluster.installedServer().version
        let run = try run(primaryVersion: "\(major)")
        #expect(run.exit == .exited(0), "\(run.buffer.lines)")
        #expect(run.buffer.lines.contains("major \(major), as on the primary"))
        #expect(run.buffer.lines.contains { $0.hasPrefix("architecture: ") })
    }

    @Test func anotherMajorStops() throws {
        let major = try TestCluster.installedServer().version
        let run = try run(primaryVersion: major == 14 ? "13" : "14")
        #expect(run.exit == .exited(1))
        #expect(run.buffer.lines.contains { $0.hasPrefix("not the primary's major version") })
    }
}
