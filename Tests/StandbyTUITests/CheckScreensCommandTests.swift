import Foundation
import TestSupport
import Testing

/// `standby-wizard check-screens` as a shell script or CI would call it.
@Suite("check-screens command")
struct CheckScreensCommandTests {
    let root = BuiltBinary.repositoryRoot

    @Test func shippedScreensPass() throws {
        let result = try ChildProcess.run([BuiltBinary.path, "check-screens", root.appendingPathComponent("screens").path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("0 problems"))
    }

    @Test func brokenFixturesFailWithFileAndLine() throws {
        let dir = root.appendingPathComponent("Tests/StandbyCoreTests/Fixtures/broken-screens").path
        let result = try ChildProcess.run([BuiltBinary.path, "check-screens", dir])
        #expect(result.status == 1)
        #expect(result.output.contains("\(dir)/02-unknown-action.yaml:7: unknown action 'restart'"))
        #expect(result.output.contains("\(dir)/03-undefined-variable.yaml:6: undefined variable $PRIMARY_PORT"))
    }

    @Test func aMissingDirectoryIsAProblem() throws {
        let result = try ChildProcess.run([BuiltBinary.path, "check-screens", "/nonexistent/screens"])
        #expect(result.status == 1)
        #expect(result.output.contains("/nonexistent/screens: no such directory"))
    }
}
