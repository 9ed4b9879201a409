import Foundation
@testable import StandbyCore
import Testing

/// The check before change on an archive directory the walkthrough has not
/// made yet: the server's account must reach where it will be. A lab whose
/// state directory sat in a root-only scratch directory passed this check
/// and failed only at the verification, every archive_command refused.
@Suite("The archive directory's parents, before it is made")
struct ArchiveReachTests {
    static func check(archive: String) throws -> Verification.Result {
        // No server answers on this port: the archive_library question is
        // skipped, the directories are what is checked.
        let values = ["PRIMARY_PG_PORT": "1", "REP_ARCHIVE": archive]
        let sql = ClusterSQL(role: .primary, values: values, hosts: ThisMachine())
        var verification = Verification(primary: sql, standby: sql)
        verification.values = values
        return try #require(verification.run([.archiveWritable]).first)
    }

    @Test(.enabled(if: getuid() == 0, "runs the test as postgres through runuser: needs root"))
    func aParentTheServerCannotSearchStopsTheWalkthroughBeforeAnyChange() throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/archive-reach-XXXXXX").utf8CString)
        let root = try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) })
        defer { try? FileManager.default.removeItem(atPath: root) }
        // mkdtemp makes it 0700, root's alone, as the bench's scratch was.
        let archive = root + "/lab/wal-archive"
        let refused = try Self.check(archive: archive)
        #expect(!refused.passed)
        #expect(refused.detail.first == "postgres cannot reach \(root), where \(archive) would be made: a directory on the way is not searchable by it",
                "\(refused.detail)")
        #expect(refused.detail.last?.contains("chmod o+x") == true)

        chmod(root, 0o711)
        let passed = try Self.check(archive: archive)
        #expect(passed.passed, "\(passed.detail)")
        #expect(passed.detail.first?.contains("who can reach \(root)") == true, "\(passed.detail)")
    }
}
