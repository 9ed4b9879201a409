/// Turns a command's raw terminal output into plain display lines. It acts
/// on what a console would (newline, carriage return, backspace, tab, erase
/// to end of line) and drops everything else that could move a cursor or
/// change colours, so nothing a command prints reaches the wizard's own
/// terminal. Memory stays flat: at most `maxLines` lines of at most
/// `maxLineBytes` bytes are kept, however much the command prints.
public struct OutputBuffer: Sendable {
    public let maxLines: Int
    public let maxLineBytes: Int
    /// Lines that fell off the top; the transcript still has them.
    public private(set) var droppedLines = 0
    /// Total bytes fed, for the pane's header.
    public private(set) var byteCount = 0

    // Completed lines in a ring: `head` is the oldest once the ring is full.
    private var ring: [String] = []
    private var head = 0
    // The line being written, as UTF-8, and the cursor in it (a byte index
    // on a scalar boundary).
    private var current: [UInt8] = []
    private var cursor = 0
    private var escape = EscapeState.none
    private var csiParameters: [UInt8] = []
    // A multi-byte UTF-8 sequence split across reads.
    private var pending: [UInt8] = []
    private var pendingNeed = 0

    private enum EscapeState: Sendable {
        case none, escape, intermediate, csi, string, stringEscape
    }

    public init(maxLines: Int = 10_000, maxLineBytes: Int = 4096) {
        precondition(maxLines > 0 && maxLineBytes >= 8)
        self.maxLines = maxLines
        self.maxLineBytes = maxLineBytes
        ring.reserveCapacity(min(maxLines, 1024))
    }

    /// Completed lines kept, plus the line in progress if it has text.
    public var lineCount: Int { ring.count + (current.isEmpty ? 0 : 1) }

    /// Line `index` of those kept, oldest first.
    public func line(_ index: Int) -> String {
        if index == ring.count { return String(decoding: current, as: UTF8.self) }
        return ring[(head + index) % ring.count]
    }

    public var lines: [String] { (0..<lineCount).map(line) }

    /// The last `count` lines kept, oldest first.
    public func tail(_ count: Int) -> [String] {
        let total = lineCount
        return (max(0, total - count)..<total).map(line)
    }

    /// The unfinished last line: where prompts and progress appear.
    public var currentLine: String { String(decoding: current, as: UTF8.self) }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        byteCount += bytes.count
        var i = 0
        let n = bytes.count
        while i < n {
            let byte = bytes[i]
            // Fast path: a run of printable ASCII written at the end of the
            // line is copied in one piece; this is nearly all of a big output.
            if escape == .none, pendingNeed == 0, byte >= 0x20, byte < 0x7F, cursor == current.count {
                var end = i + 1
                while end < n, bytes[end] >= 0x20, bytes[end] < 0x7F { end += 1 }
                var start = i
                while start < end {
                    let room = maxLineBytes - current.count
                    if room <= 0 { breakLine(); continue }
                    let take = min(room, end - start)
                    current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<(start + take)]))
                    cursor = current.count
                    start += take
                }
                i = end
                continue
            }
            feed(byte)
            i += 1
        }
    }

    private mutating func feed(_ byte: UInt8) {
        switch escape {
        case .none:
            break
        case .escape:
            switch byte {
            case 0x5B: escape = .csi; csiParameters.removeAll(keepingCapacity: true)  // [
            case 0x5D, 0x50, 0x58, 0x5E, 0x5F: escape = .string  // ] P X ^ _
            case 0x20...0x2F: escape = .intermediate  // ESC ( B and friends
            case 0x1B: escape = .escape
            default: escape = .none  // two-byte sequences: ESC 7, ESC M, ...
            }
            return
        case .intermediate:
            if byte >= 0x30 || byte < 0x20 { escape = .none }
            return
        case .csi:
            if byte >= 0x40 && byte <= 0x7E {
                escape = .none
                performCSI(final: byte)
            } else if byte >= 0x20 && byte <= 0x3F {
                if csiParameters.count < 32 { csiParameters.append(byte) }
            } else if byte == 0x1B {
                escape = .escape
            } else {
                escape = .none  // malformed: drop it and carry on
            }
            return
        case .string:
            // OSC and friends end at BEL or ST (ESC \).
            if byte == 0x07 { escape = .none } else if byte == 0x1B { escape = .stringEscape }
            return
        case .stringEscape:
            escape = byte == 0x5C ? .none : (byte == 0x1B ? .stringEscape : .string)
            return
        }

        if pendingNeed > 0 {
            if byte & 0xC0 == 0x80 {
                pending.append(byte)
                pendingNeed -= 1
                if pendingNeed == 0 { emitPending() }
                return
            }
            // Truncated sequence: show that something was there, then
            // treat this byte afresh.
            pending.removeAll(keepingCapacity: true)
            pendingNeed = 0
            write([0xEF, 0xBF, 0xBD])
        }

        switch byte {
        case 0x0A: breakLine()
        case 0x0D: cursor = 0
        case 0x08: moveCursorBack()
        case 0x09:
            let column = scalarColumn()
            let spaces = 8 - column % 8
            for _ in 0..<spaces { write([0x20]) }
        case 0x1B: escape = .escape
        case 0x20..<0x7F: write([byte])
        case 0xC2...0xDF: startSequence(byte, need: 1)
        case 0xE0...0xEF: startSequence(byte, need: 2)
        case 0xF0...0xF4: startSequence(byte, need: 3)
        case 0x80...0xFF: write([0xEF, 0xBF, 0xBD])  // stray continuation or invalid lead
        default: break  // other control characters: bell, NUL, ...
        }
    }

    private mutating func startSequence(_ byte: UInt8, need: Int) {
        pending.removeAll(keepingCapacity: true)
        pending.append(byte)
        pendingNeed = need
    }

    private mutating func emitPending() {
        let scalars = String(decoding: pending, as: UTF8.self).unicodeScalars
        pending.removeAll(keepingCapacity: true)
        // C1 controls (U+0080-U+009F) are escape sequences in disguise.
        for scalar in scalars where !(0x80...0x9F).contains(scalar.value) {
            write(Array(String(scalar).utf8))
        }
    }

    /// Writes one scalar's bytes at the cursor, overwriting the scalar
    /// there, as a terminal does after a carriage return.
    private mutating func write(_ scalar: [UInt8]) {
        if cursor + scalar.count > maxLineBytes && cursor == current.count { breakLine() }
        if cursor == current.count {
            current.append(contentsOf: scalar)
        } else {
            var end = cursor + 1
            while end < current.count, current[end] & 0xC0 == 0x80 { end += 1 }
            current.replaceSubrange(cursor..<end, with: scalar)
            if current.count > maxLineBytes { current.removeLast(current.count - maxLineBytes) }
        }
        cursor = min(cursor + scalar.count, current.count)
    }

    private mutating func moveCursorBack() {
        guard cursor > 0 else { return }
        cursor -= 1
        while cursor > 0, current[cursor] & 0xC0 == 0x80 { cursor -= 1 }
    }

    private func scalarColumn() -> Int {
        current[..<cursor].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// Only erase-in-line changes text worth keeping; progress meters use it
    /// after a carriage return. Colours and cursor motion are dropped.
    private mutating func performCSI(final: UInt8) {
        guard final == 0x4B else { return }  // K
        switch csiParameters {
        case [], [0x30]: current.removeSubrange(cursor...)  // to end of line
        case [0x32]: current.removeAll(keepingCapacity: true); cursor = 0  // whole line
        default: break
        }
    }

    private mutating func breakLine() {
        let text = String(decoding: current, as: UTF8.self)
        if ring.count < maxLines {
            ring.append(text)
        } else {
            ring[head] = text
            head = (head + 1) % maxLines
            droppedLines += 1
        }
        current.removeAll(keepingCapacity: true)
        cursor = 0
    }
}
