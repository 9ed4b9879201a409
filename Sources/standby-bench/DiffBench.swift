import Foundation
import StandbyCore

/// The wizard's unified diff of postgresql.conf against `diff -u`.
enum DiffBench {
    /// A postgresql.conf-like file: settings, comments and blank lines.
    static func conf(lines: Int, changed: (Int) -> Bool) -> String {
        var out = ""
        for i in 0..<lines {
            switch i % 5 {
            case 0: out += "# section \(i / 5): settings that tune part \(i % 37) of the server\n"
            case 4: out += "\n"
            default:
                let value = changed(i) ? "\(i * 7 + 1)" : "\(i * 7)"
                out += "setting_\(i) = \(value)\t\t# was left at its default until line \(i)\n"
            }
        }
        return out
    }

    /// In a child: reads both files as the wizard reads a host's files,
    /// diffs them and renders the text as the wizard shows and saves it.
    /// Prints the seconds that took.
    static func child(old: String, new: String) throws {
        let started = Measure.now()
        let host = LocalHost()
        let a = try host.readFile(old)
        let b = try host.readFile(new)
        let text = UnifiedDiff(old: a, new: b).text(oldLabel: old, newLabel: new)
        let seconds = Measure.now() - started
        print("lines=\(text.utf8.count > 0 ? text.split(separator: "\n").count : 0)")
        print("peakKiB=\(ownPeakKiB())")
        print("seconds=\(seconds)")
    }

    static func rows(quick: Bool, runs: Int, scratch: Scratch) throws -> [Row] {
        guard let diff = which("diff") else { throw BenchError("diff is not installed") }
        let typicalLines = quick ? 2_000 : 20_000
        let edits = Set((1...10).map { $0 * typicalLines / 11 | 1 })
        var rows = [try row(name: "diff, typical", lines: typicalLines, changed: { edits.contains($0) },
                            runs: runs, diff: diff, scratch: scratch, target: "ratio <= 2") { $0 <= 2 }]
        let sizes = quick ? [1_000, 2_000] : [10_000, 20_000, 40_000]
        var worst: [Row] = []
        for lines in sizes {
            worst.append(try row(name: "diff, worst \(lines / 1000)k", lines: lines, changed: { _ in true },
                                 runs: runs, diff: diff, scratch: scratch, target: "ratio <= 5") { $0 <= 5 })
        }
        // Quadratic growth would show as four times the time for twice the
        // lines; allow for noise, not for that.
        for i in 1..<worst.count {
            let growth = worst[i].project / worst[i - 1].project
            worst[i].note = String(format: "%.1fx the time of %dk lines for twice the lines (quadratic would be 4x)", growth, sizes[i - 1] / 1000)
            if growth > 3 { worst[i].met = false }
        }
        rows += worst
        return rows
    }

    private static func row(name: String, lines: Int, changed: @escaping (Int) -> Bool, runs: Int, diff: String,
                            scratch: Scratch, target: String, holds: (Double) -> Bool) throws -> Row {
        let old = scratch.file("old-\(lines).conf"), new = scratch.file("new-\(lines).conf")
        try conf(lines: lines, changed: { _ in false }).write(toFile: old, atomically: false, encoding: .utf8)
        try conf(lines: lines, changed: changed).write(toFile: new, atomically: false, encoding: .utf8)
        defer { unlink(old); unlink(new) }
        var ours: [Double] = [], theirs: [Double] = [], peak = 0, basePeak = 0
        for _ in 0..<runs {
            let run = try Measure.child(["diff", old, new])
            ours.append(try Measure.reportedSeconds(run))
            peak = max(peak, run.peakKiB)
            let plain = try Measure.run([diff, "-u", old, new])
            theirs.append(plain.seconds)
            basePeak = max(basePeak, plain.peakKiB)
        }
        var row = Row(name: name, input: "\(lines) lines, N=\(runs)", project: Measure.median(ours),
                      baseline: Measure.median(theirs), projectPeakKiB: peak, baselinePeakKiB: basePeak,
                      target: target, met: false)
        row.met = holds(row.ratio)
        return row
    }
}
