/// A compiled `log_line_prefix`: tells where the prefix of a log line ends
/// and the `LEVEL:  ` label starts. The value must come from the cluster
/// itself (Debian's default changed in 2017 and old clusters keep theirs);
/// when it cannot be learnt, `.unknown` finds the first label instead.
public struct LogLinePrefix: Sendable, Equatable {
    /// The setting as written, nil for the tolerant finder.
    public let value: String?
    /// What `value` compiles to; a function of it, so equality ignores it.
    let program: PrefixProgram

    enum Token: Sendable, Equatable {
        case literal([UInt8])
        case field(Field)
        /// `%q`: non-session processes print nothing from here on.
        case stopInNonSession
    }

    enum Field: Sendable, Equatable {
        /// Numbers, possibly padded: %p %l %P %x %Q %n.
        case number
        /// %t %s `2017-06-01 10:15:02 UTC`, %m with `.118` milliseconds;
        /// the zone is any word (UTC, CEST, +03).
        case timestamp(milliseconds: Bool)
        /// Names and the like, any text including empty (%u %d %a %r ...).
        case text
    }

    public static let unknown = LogLinePrefix(value: nil, tokens: [])

    public init(_ value: String) {
        self.init(value: value, tokens: Self.compile(value))
    }

    private init(value: String?, tokens: [Token]) {
        self.value = value
        program = PrefixProgram(tokens)
    }

    public static func == (lhs: LogLinePrefix, rhs: LogLinePrefix) -> Bool { lhs.value == rhs.value }

    /// Debian's postgresql-common from version 179 (2017) on.
    public static let debianCurrent = LogLinePrefix("%m [%p] %q%u@%d ")
    /// Debian's postgresql-common 158-178 (Ubuntu 16.04 with 9.5).
    public static let debianOld = LogLinePrefix("%t [%p-%l] %q%u@%d ")

    /// The server's own default when nothing sets it: empty before 10.
    public static func serverDefault(for major: PostgresMajor) -> LogLinePrefix {
        major < PostgresMajor(10) ? LogLinePrefix("") : LogLinePrefix("%m [%p] ")
    }

    private static func compile(_ value: String) -> [Token] {
        var tokens: [Token] = []
        var literal: [UInt8] = []
        let bytes = Array(value.utf8)
        var i = 0
        func flush() {
            if !literal.isEmpty { tokens.append(.literal(literal)); literal = [] }
        }
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "%"), i + 1 < bytes.count else {
                literal.append(bytes[i]); i += 1; continue
            }
            i += 1
            // Padding such as %-10u only widens the field.
            while i < bytes.count, bytes[i] == UInt8(ascii: "-") || (bytes[i] >= 0x30 && bytes[i] <= 0x39) { i += 1 }
            guard i < bytes.count else { break }
            let escape = bytes[i]
            i += 1
            switch escape {
            case UInt8(ascii: "%"): literal.append(escape)
            case UInt8(ascii: "q"): flush(); tokens.append(.stopInNonSession)
            case UInt8(ascii: "p"), UInt8(ascii: "l"), UInt8(ascii: "P"), UInt8(ascii: "x"),
                 UInt8(ascii: "Q"), UInt8(ascii: "n"):
                flush(); tokens.append(.field(.number))
            case UInt8(ascii: "t"), UInt8(ascii: "s"):
                flush(); tokens.append(.field(.timestamp(milliseconds: false)))
            case UInt8(ascii: "m"):
                flush(); tokens.append(.field(.timestamp(milliseconds: true)))
            case UInt8(ascii: "a"), UInt8(ascii: "u"), UInt8(ascii: "d"), UInt8(ascii: "r"), UInt8(ascii: "h"),
                 UInt8(ascii: "b"), UInt8(ascii: "i"), UInt8(ascii: "e"), UInt8(ascii: "c"), UInt8(ascii: "v"):
                flush(); tokens.append(.field(.text))
            default:
                // The server prints nothing for escapes it does not know.
                break
            }
        }
        flush()
        return tokens
    }

    /// True when the `count` bytes at `text` are exactly what this prefix
    /// can print.
    func matches(_ text: UnsafePointer<UInt8>, count: Int) -> Bool {
        value == nil || program.matches(text, count: count)
    }
}
