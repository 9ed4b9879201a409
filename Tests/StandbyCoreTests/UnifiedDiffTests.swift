import Foundation
import Testing
@testable import StandbyCore

@Suite("Unified diff")
struct UnifiedDiffTests {
    @Test func oneChangedLineWithThreeLinesOfContext() {
        let old = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacing("line 5\n", with: "line five\n")
        let diff = UnifiedDiff(old: old, new: new)
        #expect(diff.text(oldLabel: "a", newLabel: "b") == """
        --- a
        +++ b
        @@ -2,7 +2,7 @@
         line 2
         line 3
         line 4
        -line 5
        +line five
         line 6
         line 7
         line 8

        """)
        let changed = diff.lines.filter { $0.kind == .removed || $0.kind == .added }
        #expect(changed.map(\.oldNumber) == [5, nil])
        #expect(changed.map(\.newNumber) == [nil, 5])
        #expect(diff.addedCount == 1 && diff.removedCount == 1)
    }

    @Test func distantChangesMakeTwoHunksNearOnesOne() {
        let old = (1...30).map { "l\($0)" }.joined(separator: "\n") + "\n"
        let far = old.replacing("l3\n", with: "x\n").replacing("l25\n", with: "y\n")
        #expect(UnifiedDiff(old: old, new: far).lines.filter { $0.kind == .hunkHeader }.map(\.text)
            == ["@@ -1,6 +1,6 @@", "@@ -22,7 +22,7 @@"])
        let near = old.replacing("l3\n", with: "x\n").replacing("l9\n", with: "y\n")
        #expect(UnifiedDiff(old: old, new: near).lines.filter { $0.kind == .hunkHeader }.map(\.text) == ["@@ -1,12 +1,12 @@"])
    }

    @Test func newFileAndEmptyResult() {
        #expect(UnifiedDiff(old: "", new: "a\nb\n").lines.first?.text == "@@ -0,0 +1,2 @@")
        #expect(UnifiedDiff(old: "a\n", new: "").lines.first?.text == "@@ -1 +0,0 @@")
        #expect(UnifiedDiff(old: "same\n", new: "same\n").isEmpty)
    }

    @Test func aLostFinalNewlineShows() {
        let diff = UnifiedDiff(old: "a\nb\n", new: "a\nb")
        #expect(diff.text(oldLabel: "x", newLabel: "y") == "--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n")
    }

    /// Reading the hunks back reproduces the new file: the property every
    /// diff must have, checked over random edits.
    @Test func applyingTheHunksToTheOldTextGivesTheNewText() {
        var generator = SeededGenerator(seed: 13)
        let words = ["a", "b", "c", "listen_addresses = '*'", "", "# x", "wal_level = replica"]
        for _ in 0..<400 {
            let old = (0..<Int.random(in: 0...25, using: &generator)).map { _ in words.randomElement(using: &generator)! }
            var new = old
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                switch Int.random(in: 0...2, using: &generator) {
                case 0 where !new.isEmpty: new.remove(at: Int.random(in: 0..<new.count, using: &generator))
                case 1: new.insert(words.randomElement(using: &generator)!, at: Int.random(in: 0...new.count, using: &generator))
                default: if !new.isEmpty { new[Int.random(in: 0..<new.count, using: &generator)] = "changed" }
                }
            }
            let oldText = old.map { $0 + "\n" }.joined()
            let newText = new.map { $0 + "\n" }.joined()
            let diff = UnifiedDiff(old: oldText, new: newText)
            #expect(Self.patch(old, with: diff) == new, "\(old) -> \(new)")
            for line in diff.lines {
                switch line.kind {
                case .context: #expect(old[line.oldNumber! - 1] == line.text && new[line.newNumber! - 1] == line.text)
                case .removed: #expect(old[line.oldNumber! - 1] == line.text)
                case .added: #expect(new[line.newNumber! - 1] == line.text)
                default: break
                }
            }
        }
    }

    /// Same output as GNU diff -u where the alignment is unambiguous.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/diff"), "GNU diff is not installed"))
    func matchesDiffUOnPlainCases() throws {
        let dir = try TemporaryDirectory()
        let sample = try PgHbaSample.sample("postgresql.conf.sample")
        let edited = sample.replacing("#wal_level = replica", with: "wal_level = logical")
            .replacing("#listen_addresses = 'localhost'", with: "listen_addresses = '*'") + "\n# end\nport = 5433\n"
        try dir.write("old", sample)
        try dir.write("new", edited)
        let output = try LocalHost().run(["/usr/bin/diff", "-u", "--label", "old", "--label", "new", dir.path + "/old", dir.path + "/new"], environment: nil)
        #expect(UnifiedDiff(old: sample, new: edited).text(oldLabel: "old", newLabel: "new") == output.stdout)
    }

    static func patch(_ old: [String], with diff: UnifiedDiff) -> [String] {
        var result: [String] = []
        var next = 0
        for line in diff.lines {
            switch line.kind {
            case .context, .removed:
                let index = line.oldNumber! - 1
                result += old[next..<index]
                next = index + 1
                if line.kind == .context { result.append(line.text) }
            case .added:
                result.append(line.text)
            default:
                break
            }
        }
        return result + old[next...]
    }
}

/// A rewrite touching thousands of lines: the lines only one file has are
/// left out of the alignment, and the diff must still rebuild the new file
/// and agree with GNU diff where every change is a line replaced in place.
@Suite("Unified diff of large rewrites")
struct UnifiedDiffLargeTests {
    static func conf(lines: Int, changed: (Int) -> Bool) -> [String] {
        (0..<lines).map { i in
            switch i % 5 {
            case 0: "# section \(i / 5)"
            case 4: ""
            default: "setting_\(i) = \(changed(i) ? i * 7 + 1 : i * 7)"
            }
        }
    }

    @Test func rewritesRebuildTheNewFile() {
        var generator = SeededGenerator(seed: 29)
        for round in 0..<6 {
            let old = Self.conf(lines: 3000, changed: { _ in false })
            var new = Self.conf(lines: 3000, changed: { _ in Bool.random(using: &generator) })
            // Moves and deletions as well, so that the kept lines need aligning.
            for _ in 0..<40 {
                let from = Int.random(in: 0..<new.count, using: &generator)
                let line = new.remove(at: from)
                if Bool.random(using: &generator) { new.insert(line, at: Int.random(in: 0...new.count, using: &generator)) }
            }
            let diff = UnifiedDiff(old: old.map { $0 + "\n" }.joined(), new: new.map { $0 + "\n" }.joined())
            #expect(diff.removedCount > UnifiedDiff.unmatchedLinesAlignedWhole, "round \(round)")
            #expect(UnifiedDiffTests.patch(old, with: diff) == new, "round \(round)")
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/diff"), "GNU diff is not installed"))
    func everySettingChangedMatchesDiffU() throws {
        let dir = try TemporaryDirectory()
        let old = Self.conf(lines: 2000, changed: { _ in false }).map { $0 + "\n" }.joined()
        let new = Self.conf(lines: 2000, changed: { _ in true }).map { $0 + "\n" }.joined()
        try dir.write("old", old)
        try dir.write("new", new)
        let output = try LocalHost().run(["/usr/bin/diff", "-u", "--label", "old", "--label", "new", dir.path + "/old", dir.path + "/new"], environment: nil)
        #expect(UnifiedDiff(old: old, new: new).text(oldLabel: "old", newLabel: "new") == output.stdout)
    }
}
