/// One line of the table: the project's figure against the baseline's.
struct Row {
    var name: String
    /// Sizes and how many runs, in words.
    var input: String
    var project: Double
    var baseline: Double
    var projectPeakKiB: Int?
    var baselinePeakKiB: Int?
    var target: String
    /// Whether the target holds, judged by the row itself (ratios, memory).
    var met: Bool
    var note: String = ""
    /// False for a row shown for information, with no target to meet.
    var judged = true

    var ratio: Double { project / baseline }
}

enum Table {
    static func render(_ rows: [Row]) -> String {
        let header = ["row", "input (median of N)", "project", "baseline", "ratio", "peak MiB project/baseline", "target", "met"]
        var cells = rows.map { row -> [String] in
            let peak = row.projectPeakKiB.map { p in
                mib(p) + "/" + (row.baselinePeakKiB.map(mib) ?? "-")
            } ?? "-"
            return [row.name, row.input, seconds(row.project), seconds(row.baseline),
                    String(format: "%.2f", row.ratio), peak, row.target, !row.judged ? "-" : row.met ? "yes" : "NO"]
        }
        cells.insert(header, at: 0)
        var lines = cells.map { "| " + $0.joined(separator: " | ") + " |" }
        lines.insert("|" + header.map { _ in "---" }.joined(separator: "|") + "|", at: 1)
        let notes = rows.filter { !$0.note.isEmpty }.map { "- \($0.name): \($0.note)" }
        return (lines + (notes.isEmpty ? [] : [""] + notes)).joined(separator: "\n")
    }

    static func seconds(_ value: Double) -> String {
        value < 1 ? String(format: "%.1f ms", value * 1000) : String(format: "%.2f s", value)
    }

    static func mib(_ kib: Int) -> String { String(format: "%.1f", Double(kib) / 1024) }
}
