import Foundation
import Testing
import StandbyTUI
import TestSupport

/// Golden text files under Tests/StandbyTUITests/Goldens. After an
/// intended change, `bash .dev/approve-goldens` rewrites the ones that
/// differ and lists them for review in git.
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    static var updating: Bool { GoldenApproval.approving }

    static func render(_ screen: MemoryScreen) -> String {
        screen.text + "\n--- styles (row cols style) ---\n" + screen.styleRuns + "\n"
    }

    static func check(_ name: String, _ screen: MemoryScreen, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name + ".txt")
        let actual = render(screen)
        if updating {
            GoldenApproval.approve(actual, at: url)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden \(name).txt; if it is meant to be new, \(GoldenApproval.command)", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record("\(name).txt differs (if the change is intended, \(GoldenApproval.command)):\n\(lineDiff(expected, actual))",
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
