import Foundation

/// Paths of checked-in test data, found from this file so tests do not
/// depend on the directory `swift test` is started from.
enum TestPaths {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repository = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    static let brokenScreens = testsDirectory.appendingPathComponent("Fixtures/broken-screens").path
    static let screens = repository.appendingPathComponent("screens").path
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures").path

    static func brokenScreen(_ name: String) -> String { brokenScreens + "/" + name }
}
