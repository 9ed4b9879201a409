import Foundation
@testable import StandbyCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What a wizard killed where no handler ran leaves behind is removed by
/// the next one to start, and nothing else is.
@Suite("Stale password files are swept")
struct TemporaryPasswordFilesTests {
    static func directories(of pid: pid_t) -> [String] {
        let prefix = TemporaryPasswordFiles.namePrefix + "\(pid)-"
        return ((try? FileManager.default.contentsOfDirectory(atPath: TemporaryPasswordFiles.parent)) ?? [])
            .filter { $0.hasPrefix(prefix) }.map { TemporaryPasswordFiles.parent + "/" + $0 }.sorted()
    }

    static func owner(_ path: String) -> uid_t? {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_uid : nil
    }

    static func mode(_ path: String) -> mode_t? {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_mode & 0o7777 : nil
    }

    /// A pid that was just in use and is not any more.
    static func finishedPid() throws -> pid_t {
        var pid: pid_t = 0
        var argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
        defer { free(argv[0]) }
        guard posix_spawn(&pid, "/bin/true", nil, nil, &argv, nil) == 0 else { throw POSIXError(.EAGAIN) }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return pid
    }

    @Test func onlyTheFilesOfWizardsThatAreGoneAreRemoved() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        func make(_ name: String, files: [String] = ["pgpass"]) throws -> String {
            let path = parent + "/" + name
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            for file in files { try "*:*:*:rep:pw\n".write(toFile: path + "/" + file, atomically: false, encoding: .utf8) }
            return path
        }
        let prefix = TemporaryPasswordFiles.namePrefix
        let gone = try make("\(prefix)\(try Self.finishedPid())-aB3dE9")
        let living = try make("\(prefix)\(getpid())-Zx81Qa")
        let older = try make("\(prefix)Qw12Er")
        let crowded = try make("\(prefix)\(try Self.finishedPid())-Cr0wdd", files: ["pgpass", "notes"])
        let unrelated = try make("standby-wizard-other-Qw12Er")
        let target = try make("target", files: ["keep"])
        let link = parent + "/\(prefix)\(try Self.finishedPid())-L1nk00"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)

        let removed = TemporaryPasswordFiles.sweepStale(in: parent)
        #expect(removed.sorted() == [gone, older].sorted())
        for kept in [living, crowded, unrelated, target + "/keep", link] {
            #expect(FileManager.default.fileExists(atPath: kept), "\(kept) was removed")
        }
        #expect(!FileManager.default.fileExists(atPath: gone) && !FileManager.default.fileExists(atPath: older))
    }

    @Test func aHolderIsNamedAfterItsWizardAndGoesWhenRemoved() throws {
        let host = LocalHost()
        let facts = HostFacts(isRoot: false, userName: "operator")
        let holder = try host.makePasswordFile(line: "*:*:*:rep:pw", owner: .operator, facts: facts)
        let directory = URL(fileURLWithPath: holder.path).deletingLastPathComponent().path
        #expect(Self.directories(of: getpid()).contains(directory))
        #expect(Self.mode(directory) == 0o700 && Self.mode(holder.path) == 0o600)
        #expect(try String(contentsOfFile: holder.path, encoding: .utf8) == "*:*:*:rep:pw\n")
        holder.remove()
        #expect(!FileManager.default.fileExists(atPath: directory))
    }
}
