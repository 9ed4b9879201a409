import Foundation
import StandbyCore
import TestSupport
import Testing

/// Each catalogue entry against the message texts of every major from 9.5
/// to 18 (Fixtures/server-messages/catalogue.tsv, from each release's
/// sources), formatted as a server would write them into its log. The
/// texts of 15 and 18 are also looked for in the real binaries, so the
/// fixture cannot drift from what those servers print.
@Suite("Failure catalogue on every major's message texts")
struct ServerMessageTextsTests {
    struct Text: Sendable, CustomStringConvertible {
        var first: PostgresMajor
        var last: PostgresMajor
        var id: String
        var file: String
        var format: String
        var description: String { "\(first)-\(last) \(id): \(format)" }

        func covers(_ major: PostgresMajor) -> Bool { first <= major && major <= last }

        /// The text with its placeholders filled as a server would.
        var message: String {
            format.replacingOccurrences(of: "%s", with: "walreceiver")
                .replacingOccurrences(of: "%d", with: "10")
                .replacingOccurrences(of: "%u", with: "3")
        }
    }

    static let texts: [Text] = {
        let path = TestPaths.fixtures + "/server-messages/catalogue.tsv"
        let lines = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n") ?? []
        return lines.compactMap { line -> Text? in
            if line.hasPrefix("#") || line.isEmpty { return nil }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == 4 else { return nil }
            let range = columns[0].split(separator: "-").map(String.init)
            guard range.count == 2, let first = PostgresMajor(range[0]), let last = PostgresMajor(range[1]) else { return nil }
            return Text(first: first, last: last, id: columns[1], file: columns[2], format: columns[3])
        }
    }()

    @Test func theFixtureIsReadWhole() throws {
        let path = TestPaths.fixtures + "/server-messages/catalogue.tsv"
        let rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(rows.count == Self.texts.count, "a row of the fixture does not parse")
        #expect(Self.texts.count > 30)
    }

    /// Every major 9.5 to 18 that a text claims, as a log line with the
    /// severity the server gives it (any problem severity counts), and as
    /// psql or pg_basebackup relay it.
    @Test(arguments: PostgresMajor.supported)
    func everyTextOfThisMajorIsRecognised(major: PostgresMajor) {
        let mine = Self.texts.filter { $0.covers(major) }
        #expect(!mine.isEmpty)
        for text in mine {
            let line = "2024-05-02 09:15:41.552 UTC [1907] FATAL:  \(text.message)"
            let entry = LogParser.entries(of: line, prefix: .debianCurrent).first
            #expect(entry.flatMap(FailureCatalog.match)?.id == text.id, "\(major): \(text)")
        }
    }

    /// The standby's connection failure carries the primary's reason; the
    /// reason, not "cannot reach", is the diagnosis, in both wordings.
    @Test(arguments: PostgresMajor.supported)
    func theStandbysConnectLineNamesThePrimarysReason(major: PostgresMajor) throws {
        let connect = try #require(Self.texts.first { $0.id == "primary-unreachable" && $0.covers(major) })
        for reason in Self.texts where ["hba-replication", "hba-rejects", "password-failed", "password-missing",
                                        "no-replication-attribute", "role-connection-limit", "max-wal-senders"].contains(reason.id)
            && reason.covers(major) {
            let relayed = "connection to server at \"10.0.0.11\", port 5432 failed: FATAL:  \(reason.message)"
            let line = "2024-05-02 09:15:41.552 UTC [1907] FATAL:  "
                + connect.format.replacingOccurrences(of: "%s", with: "walreceiver").replacingOccurrences(of: ": walreceiver", with: ": \(relayed)")
            let entry = LogParser.entries(of: line, prefix: .debianCurrent).first
            #expect(entry.flatMap(FailureCatalog.match)?.id == reason.id, "\(major): \(line)")
        }
    }

    /// A slot error names the slot in the middle: the slot's name does not
    /// matter, and another object that does not exist is not a slot.
    @Test func aMissingSlotIsRecognisedWhateverItsName() {
        for line in ["2024-05-02 09:15:41.552 UTC [1907] FATAL:  could not start WAL streaming: ERROR:  replication slot \"standby_b\" does not exist",
                     "2024-05-02 09:15:41.552 UTC [1907] ERROR:  replication slot \"x y\" does not exist"] {
            let entry = LogParser.entries(of: line, prefix: .debianCurrent).first
            #expect(entry.flatMap(FailureCatalog.match)?.id == "slot-missing", "\(line)")
        }
        let other = "2024-05-02 09:15:41.552 UTC [1907] ERROR:  relation \"t\" does not exist"
        #expect(LogParser.entries(of: other, prefix: .debianCurrent).first.flatMap(FailureCatalog.match) == nil)
    }

    /// Where the fixture says a text is 15's or 18's, that real server's
    /// programs hold it byte for byte.
    @Test(Needs.postgreSQL) func theFixtureMatchesDebians15() throws {
        try expectTexts(of: "15", in: ["postgres": "/usr/lib/postgresql/15/bin/postgres",
                                       "libpqwalreceiver": "/usr/lib/postgresql/15/lib/libpqwalreceiver.so",
                                       "libpq": "/usr/lib/x86_64-linux-gnu/libpq.so.5"])
    }

    @Test(Needs.postgreSQL18) func theFixtureMatchesThe18OfTheWheel() throws {
        try expectTexts(of: "18", in: ["postgres": PostgreSQL18.binDirectory + "/postgres",
                                       "libpqwalreceiver": PostgreSQL18.libDirectory + "/libpqwalreceiver.so",
                                       "libpq": try #require(PostgreSQL18.libpq)])
    }

    func expectTexts(of version: String, in files: [String: String]) throws {
        let major = try #require(PostgresMajor(version))
        var contents: [String: Data] = [:]
        var checked = 0
        for text in Self.texts where text.covers(major) {
            let path = try #require(files[text.file], "\(text.file)")
            if contents[path] == nil { contents[path] = try Data(contentsOf: URL(fileURLWithPath: path)) }
            #expect(contents[path]!.range(of: Data(text.format.utf8)) != nil, "\(version): \(path) lacks \(text.format)")
            checked += 1
        }
        #expect(checked > 20)
    }

    /// What a test above proves of an entry; the catalogue's other
    /// entries (OS errors, PANIC) are proven elsewhere.
    @Test func everyEntryWithServerWordingHasTextsForEveryMajor() {
        let osOrSeverity: Set<String> = ["port-in-use", "cannot-bind", "panic"]
        for entry in FailureCatalog.entries where !osOrSeverity.contains(entry.id) {
            let texts = Self.texts.filter { $0.id == entry.id }
            #expect(!texts.isEmpty, "\(entry.id) has no message text in the fixture")
        }
    }
}
