import Foundation
import Testing
@testable import StandbyCore

/// The state and transcript directories, made before the first frame with
/// plain mkdir: every directory made is the user's alone.
@Suite("Private state directories")
struct PrivateDirectoryTests {
    @Test func missingParentsAreMadeAndKeptPrivate() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/state/standby-wizard/transcripts"
        #expect(SessionLogDirectory.makePrivate(path))
        for made in [dir.path + "/state", dir.path + "/state/standby-wizard", path] {
            let mode = try #require(FileManager.default.attributesOfItem(atPath: made)[.posixPermissions] as? Int)
            #expect(mode == 0o700, "\(made) is \(String(mode, radix: 8))")
        }
        #expect(SessionLogDirectory.makePrivate(path), "an existing directory is fine")
        let transcripts = SessionLogDirectory.transcripts(environment: ["XDG_STATE_HOME": dir.path + "/xdg"])
        #expect(transcripts == dir.path + "/xdg/standby-wizard/transcripts")
        #expect(!LocalFiles.exists(transcripts), "nothing is made before a transcript is written")
        let transcript = Transcript(deferredIn: transcripts)
        #expect(!LocalFiles.exists(transcripts) && transcript.writtenPath == nil)
        transcript.note("first line")
        #expect(transcript.writtenPath == transcript.path)
        let mode = try #require(FileManager.default.attributesOfItem(atPath: transcript.path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
    }

    @Test func aFileInTheWayIsRefused() throws {
        let dir = try TemporaryDirectory()
        try dir.write("plain", "not a directory\n")
        #expect(!SessionLogDirectory.makePrivate(dir.path + "/plain"))
        #expect(!SessionLogDirectory.makePrivate(dir.path + "/plain/below"))
        #expect(throws: Transcript.OpenError.self) { try Transcript(directory: dir.path + "/plain/below") }
    }

    @Test func executablesAreFilesThatMayRun() throws {
        let dir = try TemporaryDirectory()
        try dir.write("tool", "#!/bin/sh\n")
        #expect(!LocalFiles.isExecutable(dir.path + "/tool"))
        chmod(dir.path + "/tool", 0o755)
        #expect(LocalFiles.isExecutable(dir.path + "/tool"))
        #expect(!LocalFiles.isExecutable(dir.path), "a directory is not run")
        #expect(!LocalFiles.isExecutable(dir.path + "/absent"))
    }
}
