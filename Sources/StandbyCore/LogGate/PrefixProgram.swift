/// A log_line_prefix's tokens flattened into bytes behind a pointer. The
/// prefix of every line of a log region is matched against it, so the
/// matcher reads only pointers and integers: an array of enums with array
/// payloads is copied, retained and released on each access, which made the
/// prefix cost more than everything else a line needs in a debug build.
///
/// Code: one opcode byte per token; a literal is followed by its length
/// (at most 255, longer ones are split) and its bytes.
final class PrefixProgram: @unchecked Sendable {
    // Immutable after init, hence safe to share between threads.
    private let code: UnsafeMutablePointer<UInt8>
    private let count: Int

    enum Op {
        static let literal: UInt8 = 1
        static let number: UInt8 = 2
        static let timestamp: UInt8 = 3
        static let timestampMilliseconds: UInt8 = 4
        static let text: UInt8 = 5
        static let stopInNonSession: UInt8 = 6
    }

    init(_ tokens: [LogLinePrefix.Token]) {
        var bytes: [UInt8] = []
        for token in tokens {
            switch token {
            case .literal(let literal):
                var rest = literal[...]
                while !rest.isEmpty {
                    let piece = rest.prefix(255)
                    bytes += [Op.literal, UInt8(piece.count)] + piece
                    rest = rest.dropFirst(piece.count)
                }
            case .field(.number): bytes.append(Op.number)
            case .field(.timestamp(let milliseconds)):
                bytes.append(milliseconds ? Op.timestampMilliseconds : Op.timestamp)
            case .field(.text): bytes.append(Op.text)
            case .stopInNonSession: bytes.append(Op.stopInNonSession)
            }
        }
        count = bytes.count
        code = .allocate(capacity: max(bytes.count, 1))
        code.initialize(from: bytes, count: bytes.count)
    }

    deinit { code.deallocate() }

    func matches(_ text: UnsafePointer<UInt8>, count length: Int) -> Bool {
        Matcher(code: code, count: count, text: text, length: length).match(at: 0, 0)
    }
}

/// One line's prefix against one program. Only plain values, so a debug
/// build does not retain and release anything on each of the many calls.
private struct Matcher {
    let code: UnsafePointer<UInt8>
    let count: Int
    let text: UnsafePointer<UInt8>
    let length: Int

    private enum Op {
        static let literal = PrefixProgram.Op.literal
        static let number = PrefixProgram.Op.number
        static let timestamp = PrefixProgram.Op.timestamp
        static let timestampMilliseconds = PrefixProgram.Op.timestampMilliseconds
        static let stopInNonSession = PrefixProgram.Op.stopInNonSession
    }

    /// Whether the tokens from `pc` on can print exactly `text[position...]`.
    func match(at pc: Int, _ position: Int) -> Bool {
        guard pc < count else { return position == length }
        switch code[pc] {
        case Op.stopInNonSession:
            return position == length || match(at: pc + 1, position)
        case Op.literal:
            let size = Int(code[pc + 1])
            guard length - position >= size else { return false }
            var k = 0
            while k < size {
                if text[position + k] != code[pc + 2 + k] { return false }
                k += 1
            }
            return match(at: pc + 2 + size, position + size)
        case Op.timestamp, Op.timestampMilliseconds:
            guard let zoneStart = dateTimeEnd(from: position, milliseconds: code[pc] == Op.timestampMilliseconds)
            else { return false }
            return field(Op.timestamp, from: zoneStart + 1, then: pc + 1)
        default:
            return field(code[pc], from: position, then: pc + 1)
        }
    }

    /// A field from `start`: tries every end, shortest first, as the server
    /// may print any user or database name there, until a byte the field
    /// cannot hold (a zone holds no space, a number only digits, spaces and
    /// dots). Ends where the next token cannot begin are not tried.
    private func field(_ op: UInt8, from start: Int, then next: Int) -> Bool {
        var end = start
        while true {
            let plausible = next == count ? end == length
                : code[next] != Op.literal || (end < length && text[end] == code[next + 2])
            if plausible, match(at: next, end) { return true }
            guard end < length else { return false }
            let byte = text[end]
            switch op {
            case Op.timestamp: if byte == 0x20 { return false }
            case Op.number: if !(byte >= 0x30 && byte <= 0x39) && byte != 0x20 && byte != 0x2E { return false }
            default: break
            }
            end += 1
        }
    }

    private static let shapeSeconds: StaticString = "0000-00-00 00:00:00 "
    private static let shapeMilliseconds: StaticString = "0000-00-00 00:00:00.000 "

    /// Where the zone starts after `YYYY-MM-DD HH:MM:SS[.mmm] `, or nil.
    private func dateTimeEnd(from start: Int, milliseconds: Bool) -> Int? {
        let shape = milliseconds ? Self.shapeMilliseconds : Self.shapeSeconds
        let expected = shape.utf8Start
        let size = shape.utf8CodeUnitCount
        guard length - start > size else { return nil }
        var offset = 0
        while offset < size {
            let byte = text[start + offset]
            let want = expected[offset]
            let fits = want == 0x30 ? (byte >= 0x30 && byte <= 0x39) : byte == want
            if !fits { return nil }
            offset += 1
        }
        return start + size - 1
    }
}
