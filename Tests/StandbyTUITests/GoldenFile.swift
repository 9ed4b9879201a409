import Foundation
import Testing
import StandbyTUI

/// Golden text files under Tests/StandbyTUITests/Goldens. Run
/// `UPDATE_GOLDENS=1 swift test` to rewrite them after an intended change,
/// then review the diff in git.
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" }

    static func render(_ screen: MemoryScreen) -> String {
        screen.text + "\n--- styles (row cols style) ---\n" + screen.styleRuns + "\n"
    }

    static func check(_ name: String, _ screen: MemoryScreen, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name + ".txt")
        let actual = render(screen)
        if updating {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden \(name).txt; run UPDATE_GOLDENS=1 swift test", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record("\(name).txt differs (UPDATE_GOLDENS=1 swift test rewrites it):\n\(lineDiff(expected, actual))",
                         sourceLocation: sourceLocation)
        }
    }

    /// Only the differing lines, so a failure reads without a diff tool.
    static func lineDiff(_ expected: String, _ actual: String) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? String(e[i]) : "<none>"
            let al = i < a.count ? String(a[i]) : "<none>"
            if el != al { out.append("line \(i + 1):\n  golden: \(el)\n  actual: \(al)") }
        }
        return out.prefix(20).joined(separator: "\n")
    }
}
