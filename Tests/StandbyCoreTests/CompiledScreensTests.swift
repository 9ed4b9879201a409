import Foundation
@testable import StandbyCore
import Testing

/// The built-in steps are compiled into the binary as values, so a fresh
/// wizard draws its first frame without parsing YAML. Those values must be
/// exactly what parsing the built-in copy of screens/ gives. With
/// WRITE_COMPILED_SCREENS=1 (as `.dev/copy-screens` runs it) a stale file
/// is rewritten; otherwise nothing is written.
@Suite("Built-in steps compiled to values")
struct CompiledScreensTests {
    static let path = BuiltInScreensTests.root.appendingPathComponent("Sources/StandbyCore/Screens/CompiledScreens.swift").path

    @Test func theCompiledStepsAreWhatTheYAMLSays() throws {
        let loaded = ScreenLoader.load(sources: BuiltInScreens.files)
        try #require(loaded.problems.isEmpty, "\(loaded.problems)")
        let source = CompiledScreensSource.file(for: loaded.screens)
        let onDisk = try String(contentsOfFile: Self.path, encoding: .utf8)
        if onDisk != source, ProcessInfo.processInfo.environment["WRITE_COMPILED_SCREENS"] == "1" {
            try source.write(toFile: Self.path, atomically: true, encoding: .utf8)
            return
        }
        #expect(onDisk == source, "CompiledScreens.swift is stale: run bash .dev/copy-screens")
        // Equal source is not enough if a literal were read back wrongly.
        #expect(CompiledScreens.screens == loaded.screens)
        #expect(Walkthrough.builtIn.screens == loaded.screens)
    }

    /// Texts with every character a step may hold come back unchanged.
    @Test func stringLiteralsKeepEveryCharacter() {
        let text = "a \"quoted\" \\(not interpolated) $VAR\n\ttab \u{1b}[0m é ✓ \r"
        #expect(text.swiftLiteral == #""a \"quoted\" \\(not interpolated) $VAR\n\ttab \u{1b}[0m \u{e9} \u{2713} \r""#)
    }
}
