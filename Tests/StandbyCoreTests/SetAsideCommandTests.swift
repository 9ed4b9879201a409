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

    /// A scratch data directory owned by postgres, as a real one is.
    static func postgresOwned(_ scratch: TemporaryDirectory) throws -> (data: String, uid: Int) {
        let account = try #require(getpwnam("postgres"), "no postgres account here")
        let uid = Int(account.pointee.pw_uid)
        let data = scratch.path + "/main"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try "15\n".write(toFile: data + "/PG_VERSION", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.ownerAccountID: uid], ofItemAtPath: data)
        return (data, uid)
    }

    /// Root runs it; the new directory is postgres's, and nothing made on
    /// the way is left beside it.
    @Test func theNewDirectoryIsTheOldOwnersAndNoTemporaryIsLeft() throws {
        let scratch = try TemporaryDirectory()
        let (data, uid) = try Self.postgresOwned(scratch)
        let result = try Subprocess.run(["/bin/sh", "-c", try Self.line(data: data)], environment: nil)
        #expect(result.succeeded, "\(result.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: data)[.ownerAccountID] as? Int == uid)
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted()
        #expect(names.count == 2 && names[0] == "main" && names[1].hasPrefix("main.pre-standby-"), "\(names)")
    }

    /// The empty directory gets its owner before anything is renamed: when
    /// that fails (or the wizard is killed there), the data directory is
    /// still where it was, and never an empty one root owns in its place,
    /// which the copy could not write into.
    @Test func aFailedChownMovesNothing() throws {
        let scratch = try TemporaryDirectory()
        let (data, uid) = try Self.postgresOwned(scratch)
        let shims = scratch.path + "/bin"
        try FileManager.default.createDirectory(atPath: shims, withIntermediateDirectories: true)
        try "#!/bin/sh\nexit 1\n".write(toFile: shims + "/chown", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: shims + "/chown")
        let result = try Subprocess.run(["/bin/sh", "-c", try Self.line(data: data)], environment: ["PATH": shims + ":/usr/bin:/bin"])
        #expect(!result.succeeded)
        #expect(FileManager.default.fileExists(atPath: data + "/PG_VERSION"))
        #expect(try FileManager.default.attributesOfItem(atPath: data)[.ownerAccountID] as? Int == uid)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasPrefix("main.pre-standby-") }.isEmpty)
    }

    /// An empty target root made (by hand, or an older wizard cut off
    /// between its mkdir and chown) is refused before the copy, with the
    /// fix; given the old directory's owner, the copy may go on.
    @Test func anEmptyTargetOfAnotherOwnerIsRefusedBeforeTheCopy() throws {
        let scratch = try TemporaryDirectory()
        let (data, uid) = try Self.postgresOwned(scratch)
        let kept = data + ".pre-standby-20261202-120000-4242"
        try FileManager.default.moveItem(atPath: data, toPath: kept)
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: false)
        let values = ["SECONDARY_PG_VERSION": "15", "SECONDARY_PG_CLUSTER": data, "SECONDARY_PG_DATA": data]
        let verdict = StandbyDirectoryGuard.copyTarget(values: values, hosts: ThisMachine())
        guard case .refused(let why, _) = verdict else { Issue.record("\(verdict)"); return }
        #expect(why.last == "Give it the old directory's owner (chown --reference=\(kept) \(data)), then the copy runs.")
        try FileManager.default.setAttributes([.ownerAccountID: uid], ofItemAtPath: data)
        guard case .clear = StandbyDirectoryGuard.copyTarget(values: values, hosts: ThisMachine()) else { Issue.record("still refused"); return }
    }
}
