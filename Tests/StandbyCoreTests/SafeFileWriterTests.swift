import Foundation
import Testing
@testable import StandbyCore

@Suite("Safe file writer: backup, temporary file, rename")
struct SafeFileWriterTests {
    let dir: TemporaryDirectory
    let date = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00:00Z

    init() throws { dir = try TemporaryDirectory() }

    func path(_ name: String) -> String { dir.path + "/" + name }
    func bytes(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map { Array($0) } }
    func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }
    func stat(_ path: String) throws -> FileInfo { try #require(try LocalHost().fileInfo(path)) }

    @Test func replacesKeepingOwnerGroupAndModeAndBacksUpTheOld() throws {
        let file = path("postgresql.conf")
        try "old\r\nlast".write(toFile: file, atomically: false, encoding: .utf8)
        chown(file, 1234, 2345)
        chmod(file, 0o640)
        let receipt = try SafeFileWriter.write(SafeWrite(path: file, content: Array("new\r\nlast".utf8), expected: Array("old\r\nlast".utf8)), at: date)
        #expect(bytes(file) == Array("new\r\nlast".utf8))
        let info = try stat(file)
        #expect(info.owner == 1234 && info.group == 2345 && info.permissions == 0o640)
        let backup = try #require(receipt.backupPath)
        #expect(backup == SafeFileWriter.backupName(for: SafeFileWriter.resolved(file), at: date))
        #expect(backup.range(of: #"postgresql\.conf\.standby-wizard\.\d{8}-\d{6}$"#, options: .regularExpression) != nil)
        #expect(bytes(backup) == Array("old\r\nlast".utf8))
        #expect(try names() == ["postgresql.conf", ConfPath.baseName(backup)])
    }

    @Test func anEarlierBackupIsNeverOverwritten() throws {
        let file = path("pg_hba.conf")
        try "one\n".write(toFile: file, atomically: false, encoding: .utf8)
        let first = try SafeFileWriter.write(SafeWrite(path: file, content: Array("two\n".utf8), expected: Array("one\n".utf8)), at: date)
        let second = try SafeFileWriter.write(SafeWrite(path: file, content: Array("three\n".utf8), expected: Array("two\n".utf8)), at: date)
        let third = try SafeFileWriter.write(SafeWrite(path: file, content: Array("four\n".utf8), expected: Array("three\n".utf8)), at: date)
        #expect(second.backupPath == (first.backupPath ?? "") + "-2")
        #expect(third.backupPath == (first.backupPath ?? "") + "-3")
        #expect(bytes(try #require(first.backupPath)) == Array("one\n".utf8))
        #expect(bytes(try #require(second.backupPath)) == Array("two\n".utf8))
        #expect(try names().count == 4)
    }

    @Test func aFileChangedSinceThePlanIsRefusedAndLeftAlone() throws {
        let file = path("postgresql.conf")
        try "changed by someone\n".write(toFile: file, atomically: false, encoding: .utf8)
        #expect(throws: SafeWriteError.changedOnDisk(path: SafeFileWriter.resolved(file), current: Array("changed by someone\n".utf8))) {
            try SafeFileWriter.write(SafeWrite(path: file, content: Array("new\n".utf8), expected: Array("planned against\n".utf8)), at: date)
        }
        #expect(bytes(file) == Array("changed by someone\n".utf8))
        #expect(try names() == ["postgresql.conf"])
    }

    @Test func aChangeBetweenCheckAndRenameIsCaughtToo() throws {
        let file = path("postgresql.conf")
        try "planned\n".write(toFile: file, atomically: false, encoding: .utf8)
        #expect(throws: SafeWriteError.self) {
            try SafeFileWriter.write(SafeWrite(path: file, content: Array("new\n".utf8), expected: Array("planned\n".utf8)), at: date) { _ in
                try? "sneaky\n".write(toFile: file, atomically: false, encoding: .utf8)
            }
        }
        #expect(bytes(file) == Array("sneaky\n".utf8))
        #expect(try names().filter { $0.contains("tmp") }.isEmpty)
    }

    @Test func createsWithTheAskedOwnerAndModeButNeverOverAnExistingFile() throws {
        let file = path("standby.signal")
        let receipt = try SafeFileWriter.write(SafeWrite(path: file, content: [], expected: nil, newFileOwner: 1234,
                                                         newFileGroup: 2345, newFilePermissions: 0o600), at: date)
        #expect(receipt.created && receipt.backupPath == nil)
        let info = try stat(file)
        #expect(info.owner == 1234 && info.group == 2345 && info.permissions == 0o600 && info.size == 0)
        #expect(throws: SafeWriteError.changedOnDisk(path: SafeFileWriter.resolved(file), current: [])) {
            try SafeFileWriter.write(SafeWrite(path: file, content: Array("x".utf8), expected: nil), at: date)
        }
    }

    @Test func removingKeepsTheFileAsItsBackup() throws {
        let file = path("standby.signal")
        try "".write(toFile: file, atomically: false, encoding: .utf8)
        let receipt = try SafeFileWriter.write(SafeWrite(path: file, content: nil, expected: []), at: date)
        #expect(receipt.removed)
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(bytes(try #require(receipt.backupPath)) == [])
    }

    @Test func aSymbolicLinkIsFollowedAndKept() throws {
        try FileManager.default.createDirectory(atPath: path("real"), withIntermediateDirectories: true)
        try "a = 1\n".write(toFile: path("real/postgresql.conf"), atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: path("link.conf"), withDestinationPath: path("real/postgresql.conf"))
        let receipt = try SafeFileWriter.write(SafeWrite(path: path("link.conf"), content: Array("a = 2\n".utf8), expected: Array("a = 1\n".utf8)), at: date)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path("link.conf")) == path("real/postgresql.conf"))
        #expect(bytes(path("real/postgresql.conf")) == Array("a = 2\n".utf8))
        #expect(receipt.path.hasSuffix("/real/postgresql.conf"))
    }

    @Test func forcedPermissionsApplyToAnExistingFile() throws {
        let file = path(".pgpass")
        try "*:*:*:*:x\n".write(toFile: file, atomically: false, encoding: .utf8)
        chmod(file, 0o644)
        _ = try SafeFileWriter.write(SafeWrite(path: file, content: Array("h:5432:replication:r:p\n".utf8),
                                               expected: Array("*:*:*:*:x\n".utf8), forcedPermissions: 0o600), at: date)
        #expect(try stat(file).permissions == 0o600)
    }

    @Test func readFailuresSayWhyOnce() throws {
        let host = LocalHost()
        #expect(throws: HostAccessError.unreadable(dir.path, reason: "Is a directory")) { try host.readFileBytes(dir.path) }
        #expect(throws: HostAccessError.unreadable(path("none"), reason: "No such file or directory")) { try host.readFileBytes(path("none")) }
        #expect(try host.fileInfo(path("none")) == nil)
        #expect(try host.fileInfo(dir.path)?.isDirectory == true)
        #expect(failureReason(HostAccessError.unreadable("/x", reason: "Permission denied")) == "Permission denied")
    }

    @Test func backupNamesUseLocalTime() {
        let name = SafeFileWriter.backupName(for: "/etc/x.conf", at: date)
        #expect(name.hasPrefix("/etc/x.conf.standby-wizard."))
        #expect(name == "/etc/x.conf.standby-wizard." + LocalTime.format(date, "%Y%m%d-%H%M%S"))
    }
}
