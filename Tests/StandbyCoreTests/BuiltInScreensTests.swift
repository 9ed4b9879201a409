import Foundation
import StandbyCore
import Testing

/// The binary carries its own copy of screens/ (operators copy one file to
/// a server). This test keeps that copy equal to the directory, file for
/// file and byte for byte; `bash .dev/copy-screens` regenerates it after a
/// screen changes. It writes nothing itself.
@Suite("Built-in copy of screens/")
struct BuiltInScreensTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func screenFiles() throws -> [(String, String)] {
        let dir = root.appendingPathComponent("screens")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return try names.map { ("screens/" + $0, try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) }
    }

    @Test func builtInCopyMatchesTheDirectory() throws {
        let onDisk = try Self.screenFiles()
        let builtIn = BuiltInScreens.files
        #expect(builtIn.map(\.file) == onDisk.map(\.0), "the copy is stale: run bash .dev/copy-screens")
        for (file, text) in onDisk {
            let copy = builtIn.first { $0.file == file }?.yaml
            #expect(copy == text, "\(file) differs from its built-in copy: run bash .dev/copy-screens")
        }
    }

    /// The generator, run without writing, agrees that the source file is
    /// current (it would otherwise rewrite it on the next run).
    @Test func theGeneratorFindsTheCopyCurrent() throws {
        let script = Self.root.appendingPathComponent(".dev/copy-screens").path
        let result = try LocalHost().run(["/bin/bash", script, "--check"], environment: nil)
        #expect(result.exitStatus == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test func builtInScreensLoadWithoutProblems() throws {
        let loaded = ScreenLoader.load(sources: BuiltInScreens.files)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.screens.count == (try Self.screenFiles()).count)
        #expect(loaded.screens.map(\.id) == ScreenLoader.load(directory: Self.root.appendingPathComponent("screens").path).screens.map(\.id))
    }
}
