/// A line diff of a file as it is against the file as it will be, in
/// unified form: hunks with three lines of context and `@@` headers.
/// Computed with the standard library's `difference(from:)` (Myers) on
/// line numbers, leaving out lines only one file has when there are many, and
/// kept structured so a terminal view can number and colour each line.
public struct UnifiedDiff: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case hunkHeader
        case context
        case removed
        case added
        /// `\ No newline at end of file` after the line it is about.
        case noNewlineMarker
    }

    public struct Line: Sendable, Equatable {
        public var kind: Kind
        /// 1-based line number in the old file (context and removed lines).
        public var oldNumber: Int?
        /// 1-based line number in the new file (context and added lines).
        public var newNumber: Int?
        /// The line without its terminator, or the header / marker text.
        public var text: String
    }

    public private(set) var lines: [Line]
    public let contextLines: Int

    public init(old: String, new: String, contextLines: Int = 3) {
        self.contextLines = contextLines
        // Native Strings hand over their bytes in place; nothing is copied.
        var old = old, new = new
        lines = old.withUTF8 { oldBytes in
            new.withUTF8 { Self.hunks(old: ByteLines(oldBytes), new: ByteLines($0), context: contextLines) }
        }
    }

    /// The diff of the two files these lines make up.
    public init(old: TextLines, new: TextLines, contextLines: Int = 3) {
        self.init(old: old.text, new: new.text, contextLines: contextLines)
    }

    public var isEmpty: Bool { lines.isEmpty }

    mutating func mapLines(_ transform: (inout Line) -> Void) {
        for index in lines.indices { transform(&lines[index]) }
    }
    public var addedCount: Int { lines.filter { $0.kind == .added }.count }
    public var removedCount: Int { lines.filter { $0.kind == .removed }.count }

    /// The classic text form, as `diff -u` prints it.
    public func text(oldLabel: String, newLabel: String) -> String {
        guard !lines.isEmpty else { return "" }
        var out = "--- \(oldLabel)\n+++ \(newLabel)\n"
        out.reserveCapacity(lines.reduce(out.utf8.count) { $0 + $1.text.utf8.count + 2 })
        for line in lines {
            switch line.kind {
            case .hunkHeader, .noNewlineMarker: break
            case .context: out.append(" ")
            case .removed: out.append("-")
            case .added: out.append("+")
            }
            out.append(line.text)
            out.append("\n")
        }
        return out
    }

    // MARK: - Computing

    private enum Op {
        case same(Int, Int)
        case removed(Int)
        case added(Int)

        var isChange: Bool {
            if case .same = self { return false }
            return true
        }
    }

    /// Above this many lines that occur in only one of the files, the
    /// diff leaves them out before it aligns the rest (as GNU diff does):
    /// they are changed whatever the alignment, and aligning two files
    /// that share little costs time and memory growing with the square of
    /// the lines changed. A few edits are aligned whole, every line taking
    /// part, as they always were.
    static let unmatchedLinesAlignedWhole = 200

    /// Which old lines are removed and which new lines inserted. Lines
    /// the two files share at their head and tail are left out first, as
    /// the alignment would keep them anyway: ten edits in 20,000 lines
    /// then align a few thousand lines, not all of them.
    private static func changes(old: [Int], new: [Int], distinct: Int) -> (removed: [Bool], inserted: [Bool]) {
        var removed = [Bool](repeating: false, count: old.count)
        var inserted = [Bool](repeating: false, count: new.count)
        var head = 0
        while head < old.count, head < new.count, old[head] == new[head] { head += 1 }
        var tail = 0
        while tail < old.count - head, tail < new.count - head, old[old.count - 1 - tail] == new[new.count - 1 - tail] { tail += 1 }
        let oldMiddle = head..<(old.count - tail), newMiddle = head..<(new.count - tail)
        var inOld = [Bool](repeating: false, count: distinct)
        var inNew = [Bool](repeating: false, count: distinct)
        for line in old { inOld[line] = true }
        for line in new { inNew[line] = true }
        let unmatched = old[oldMiddle].count { !inNew[$0] } + new[newMiddle].count { !inOld[$0] }
        // Indices of the lines that take part in the alignment.
        var oldKept = Array(oldMiddle), newKept = Array(newMiddle)
        if unmatched > unmatchedLinesAlignedWhole {
            oldKept = oldMiddle.filter { inNew[old[$0]] }
            newKept = newMiddle.filter { inOld[new[$0]] }
            for index in oldMiddle where !inNew[old[index]] { removed[index] = true }
            for index in newMiddle where !inOld[new[index]] { inserted[index] = true }
        }
        let difference = newKept.map { new[$0] }.difference(from: oldKept.map { old[$0] })
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed[oldKept[offset]] = true
            case .insert(let offset, _, _): inserted[newKept[offset]] = true
            }
        }
        return (removed, inserted)
    }

    private static func hunks(old: ByteLines, new: ByteLines, context: Int) -> [Line] {
        let keys = DiffLineKeys(old: old, new: new)
        guard keys.old != keys.new else { return [] }
        let (removed, inserted) = changes(old: keys.old, new: keys.new, distinct: keys.distinct)
        var ops: [Op] = []
        ops.reserveCapacity(max(old.count, new.count))
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count, removed[i] {
                ops.append(.removed(i))
                i += 1
            } else if j < new.count, inserted[j] {
                ops.append(.added(j))
                j += 1
            } else {
                ops.append(.same(i, j))
                i += 1
                j += 1
            }
        }

        // Group changes whose context would touch or overlap into one hunk.
        var ranges: [ClosedRange<Int>] = []
        for (index, op) in ops.enumerated() where op.isChange {
            let low = max(0, index - context), high = min(ops.count - 1, index + context)
            if let last = ranges.last, low <= last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, high)
            } else {
                ranges.append(low...high)
            }
        }

        var out: [Line] = []
        for range in ranges {
            let slice = ops[range]
            var oldStart: Int?, newStart: Int?
            var oldCount = 0, newCount = 0
            for op in slice {
                switch op {
                case .same(let a, let b):
                    oldStart = oldStart ?? a
                    newStart = newStart ?? b
                    oldCount += 1
                    newCount += 1
                case .removed(let a):
                    oldStart = oldStart ?? a
                    oldCount += 1
                case .added(let b):
                    newStart = newStart ?? b
                    newCount += 1
                }
            }
            // With no lines on one side, diff -u names the line before the gap.
            let oldFirst = oldCount == 0 ? linesBefore(range.lowerBound, in: ops).old : (oldStart ?? 0) + 1
            let newFirst = newCount == 0 ? linesBefore(range.lowerBound, in: ops).new : (newStart ?? 0) + 1
            out.append(Line(kind: .hunkHeader, oldNumber: nil, newNumber: nil,
                            text: "@@ -\(span(oldFirst, oldCount)) +\(span(newFirst, newCount)) @@"))
            for op in slice {
                switch op {
                case .same(let a, let b):
                    out.append(Line(kind: .context, oldNumber: a + 1, newNumber: b + 1, text: old.content(a)))
                    if old.lacksNewline(a) { out.append(marker) }
                case .removed(let a):
                    out.append(Line(kind: .removed, oldNumber: a + 1, newNumber: nil, text: old.content(a)))
                    if old.lacksNewline(a) { out.append(marker) }
                case .added(let b):
                    out.append(Line(kind: .added, oldNumber: nil, newNumber: b + 1, text: new.content(b)))
                    if new.lacksNewline(b) { out.append(marker) }
                }
            }
        }
        return out
    }

    private static let marker = Line(kind: .noNewlineMarker, oldNumber: nil, newNumber: nil,
                                     text: "\\ No newline at end of file")

    /// How many old and new lines come before op `index`: each op names
    /// its line, so the nearest ones before it tell without a count.
    private static func linesBefore(_ index: Int, in ops: [Op]) -> (old: Int, new: Int) {
        var old: Int?, new: Int?
        for op in ops[..<index].reversed() {
            switch op {
            case .same(let a, let b):
                old = old ?? a + 1
                new = new ?? b + 1
            case .removed(let a): old = old ?? a + 1
            case .added(let b): new = new ?? b + 1
            }
            if old != nil, new != nil { break }
        }
        return (old ?? 0, new ?? 0)
    }

    private static func span(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }
}
