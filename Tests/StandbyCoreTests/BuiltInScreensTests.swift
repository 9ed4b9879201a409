import Foundation
import StandbyCore
import Testing

/// The binary carries its own copy of screens/ (operators copy one file to
/// a server). This test keeps that copy equal to the directory, and
/// `UPDATE_GOLDENS=1 swift test` regenerates it after a screen changes.
@Suite("Built-in copy of screens/")
struct BuiltInScreensTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let generated = root.appendingPathComponent("Sources/StandbyCore/Screens/BuiltInScreens.swift")

    static func screenFiles() throws -> [(String, String)] {
        let dir = root.appendingPathComponent("screens")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return try names.map { ($0, try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// Raw string literals with enough `#` that no screen text can end them.
    static func source(for files: [(String, String)]) -> String {
        var out = "// Generated from screens/ by `UPDATE_GOLDENS=1 swift test`; do not edit.\n"
        out += "public enum BuiltInScreens {\n    public static let files: [(file: String, yaml: String)] = [\n"
        for (name, text) in files {
            var hashes = "#"
            while text.contains("\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
            out += "        (\"screens/\(name)\", \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)),\n"
        }
        out += "    ]\n}\n"
        return out
    }

    @Test func builtInCopyMatchesTheDirectory() throws {
        let expected = Self.source(for: try Self.screenFiles())
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try expected.write(to: Self.generated, atomically: true, encoding: .utf8)
            return
        }
        let actual = try String(contentsOf: Self.generated, encoding: .utf8)
        #expect(actual == expected, "BuiltInScreens.swift is stale: run UPDATE_GOLDENS=1 swift test")
    }

    @Test func builtInScreensLoadWithoutProblems() throws {
        let loaded = ScreenLoader.load(sources: BuiltInScreens.files)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.screens.count == (try Self.screenFiles()).count)
        #expect(loaded.screens.map(\.id) == ScreenLoader.load(directory: Self.root.appendingPathComponent("screens").path).screens.map(\.id))
    }
}
