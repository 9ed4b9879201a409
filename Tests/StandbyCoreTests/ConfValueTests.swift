import Testing
@testable import StandbyCore

@Suite("postgresql.conf values: quoting as the server reads it")
struct ConfValueTests {
    @Test(arguments: [
        ("*", "'*'"),
        ("it's", "'it''s'"),
        (#"C:\wal"#, #"'C:\\wal'"#),
        ("a b", "'a b'"),
        ("", "''"),
        ("line\nbreak", #"'line\nbreak'"#),
    ])
    func quoting(value: String, written: String) {
        #expect(ConfValue.quoted(value) == written)
        #expect(ConfValue.unquoted(written) == value)
    }

    @Test(arguments: [
        ("wal_level", "replica", "replica"),
        ("archive_mode", "on", "on"),
        ("max_wal_senders", "10", "10"),
        ("wal_keep_size", "1GB", "1GB"),
        ("listen_addresses", "*", "'*'"),
        ("listen_addresses", "localhost", "'localhost'"),
        ("archive_command", "cp %p /x/%f", "'cp %p /x/%f'"),
        ("hot_standby", "on", "on"),
        ("custom.thing", "a-b", "'a-b'"),
        ("wal_keep_segments", "64", "64"),
    ])
    func literalForms(name: String, value: String, written: String) {
        #expect(ConfValue.literal(value, for: name) == written)
    }

    @Test func serverEscapesAreRead() {
        #expect(ConfValue.unquoted(#"'a\tb\101\'c'"#) == "a\tbA'c")
        #expect(ConfValue.unquoted(#"'\q'"#) == "q")
    }

    /// Whatever the value, writing it and reading the line back gives it
    /// back exactly: the property the archive command depends on.
    @Test func anyValueSurvivesWriteThenParse() {
        var generator = SeededGenerator(seed: 7)
        let alphabet = Array("ab '\\\"#=%$/ \t:;,é€\u{1F600}\r\n")
        for _ in 0..<2000 {
            let length = Int.random(in: 0...24, using: &generator)
            let value = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            let line = "archive_command = \(ConfValue.literal(value, for: "archive_command"))   # note"
            guard case .assignment(let assignment) = PostgresqlConf.classify(line, index: 0) else {
                Issue.record("did not parse: \(line.debugDescription)")
                return
            }
            #expect(assignment.value == value, "\(line.debugDescription)")
        }
    }
}

/// A small deterministic generator so a failing case can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
