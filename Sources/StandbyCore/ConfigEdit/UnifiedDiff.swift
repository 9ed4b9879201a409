/// A line diff of a file as it is against the file as it will be, in
/// unified form: hunks with three lines of context and `@@` headers.
/// Computed with the standard library's `difference(from:)` (Myers), and
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
        self.init(old: TextLines(old), new: TextLines(new), contextLines: contextLines)
    }

    public init(old: TextLines, new: TextLines, contextLines: Int = 3) {
        self.contextLines = contextLines
        lines = Self.hunks(old: old.lines, new: new.lines, context: contextLines)
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
        for line in lines {
            switch line.kind {
            case .hunkHeader, .noNewlineMarker: out += line.text
            case .context: out += " " + line.text
            case .removed: out += "-" + line.text
            case .added: out += "+" + line.text
            }
            out += "\n"
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

    /// Lines compare with their terminator, so a last line that gains or
    /// loses its newline shows as changed, as in diff -u.
    private static func key(_ line: TextLines.Line) -> String { line.content + line.ending }

    private static func hunks(old: [TextLines.Line], new: [TextLines.Line], context: Int) -> [Line] {
        let oldKeys = old.map(key)
        let newKeys = new.map(key)
        guard oldKeys != newKeys else { return [] }
        let difference = newKeys.difference(from: oldKeys)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var ops: [Op] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count, removed.contains(i) {
                ops.append(.removed(i))
                i += 1
            } else if j < new.count, inserted.contains(j) {
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
            let oldFirst = oldCount == 0 ? linesBefore(range.lowerBound, in: ops, old: true) : (oldStart ?? 0) + 1
            let newFirst = newCount == 0 ? linesBefore(range.lowerBound, in: ops, old: false) : (newStart ?? 0) + 1
            out.append(Line(kind: .hunkHeader, oldNumber: nil, newNumber: nil,
                            text: "@@ -\(span(oldFirst, oldCount)) +\(span(newFirst, newCount)) @@"))
            for op in slice {
                switch op {
                case .same(let a, let b):
                    out.append(Line(kind: .context, oldNumber: a + 1, newNumber: b + 1, text: old[a].content))
                    if old[a].ending.isEmpty { out.append(marker) }
                case .removed(let a):
                    out.append(Line(kind: .removed, oldNumber: a + 1, newNumber: nil, text: old[a].content))
                    if old[a].ending.isEmpty { out.append(marker) }
                case .added(let b):
                    out.append(Line(kind: .added, oldNumber: nil, newNumber: b + 1, text: new[b].content))
                    if new[b].ending.isEmpty { out.append(marker) }
                }
            }
        }
        return out
    }

    private static let marker = Line(kind: .noNewlineMarker, oldNumber: nil, newNumber: nil,
                                     text: "\\ No newline at end of file")

    /// How many old (or new) lines come before op `index`.
    private static func linesBefore(_ index: Int, in ops: [Op], old: Bool) -> Int {
        var count = 0
        for op in ops[..<index] {
            switch op {
            case .same: count += 1
            case .removed: if old { count += 1 }
            case .added: if !old { count += 1 }
            }
        }
        return count
    }

    private static func span(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }
}
