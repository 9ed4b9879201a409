import Foundation
@testable import StandbyCore
import Testing

/// The shipped "Set old data aside" line, run for real on scratch
/// directories: twice within one second it still finds two new names, and
/// it never moves anything onto an existing one.
@Suite("Setting old data aside")
struct SetAsideCommandTests {
    static func line(data: String) throws -> String {
        let screens = ScreenLoader.load(sources: BuiltInScreens.files).screens
        let step = try #require(screens.first { $0.id == "secondary-set-aside" })
        guard case .command(let action) = step.action, case .shell(let template) = action.spec else {
            throw CommandBuilder.Problem.notACommand
        }
        return Template.substitute(template, values: ["SECONDARY_PG_DATA": ShellQuote.quote(data)])
    }

    @Test func twiceInOneSecondGivesTwoNames() throws {
        let scratch = try TemporaryDirectory()
        let data = scratch.path + "/main"
        let line = try Self.line(data: data)
        var kept: [String] = []
        for _ in 0..<2 {
            // The first round's empty directory is the second's to fill.
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            try "15\n".write(toFile: data + "/PG_VERSION", atomically: true, encoding: .utf8)
            let result = try Subprocess.run(["/bin/sh", "-c", line], environment: nil)
            #expect(result.succeeded, "\(result.stderr)")
            kept.append(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(Set(kept).count == 2, "\(kept)")
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasPrefix("main.pre-standby-") }
        #expect(names.count == 2)
        // In its place an empty directory, owned and private as the old
        // one, which the copy fills: its parent may be root's alone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: data).isEmpty)
        let left = try FileManager.default.attributesOfItem(atPath: data)
        let kept0 = try FileManager.default.attributesOfItem(atPath: scratch.path + "/" + names[0])
        #expect(left[.ownerAccountID] as? Int == kept0[.ownerAccountID] as? Int)
        #expect((left[.posixPermissions] as? Int) == 0o700)
    }
}
