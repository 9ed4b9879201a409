import Foundation
import Testing
@testable import StandbyCore

@Suite("pg_hba.conf: the standby's rule where it decides")
struct HbaEditorTests {
    func wanted(address: String = "192.0.2.20/32", method: String = "scram-sha-256", user: String = "replicator") throws -> HbaRule {
        try HbaEditor.rule(type: "host", database: "replication", user: user, address: address, method: method)
    }

    func ensure(_ text: String, _ rule: HbaRule? = nil) throws -> (text: String, edit: HbaEdit) {
        try HbaEditor.ensure(rule ?? wanted(), in: text, path: "/etc/pg_hba.conf", dateStamp: "2026-01-02")
    }

    static let comment = "# Added by standby-wizard on 2026-01-02: replication login of the standby"
    static let line = "host    replication     replicator      192.0.2.20/32           scram-sha-256"

    @Test func appendedWhenNothingCouldMatchFirst() throws {
        let text = "local   all   all   peer\nhost    all   all   0.0.0.0/0   scram-sha-256\n"
        let result = try ensure(text)
        #expect(result.text == text + "\n\(Self.comment)\n\(Self.line)\n")
        #expect(result.edit.action == .appended)
        #expect(result.edit.lineNumber == 5)
    }

    @Test func insertedAboveABroaderReject() throws {
        let text = "local replication all peer\n\n# no replication from outside\nhost replication all 0.0.0.0/0 reject\n"
        let result = try ensure(text)
        #expect(result.text == "local replication all peer\n\n\(Self.comment)\n\(Self.line)\n\n# no replication from outside\nhost replication all 0.0.0.0/0 reject\n")
        #expect(result.edit.action == .insertedBefore(shadowing: "host replication all 0.0.0.0/0 reject", shadowingLine: 4))
        #expect(result.edit.lineNumber == 4)
    }

    @Test func insertedAboveACatchAllWithAnotherMethod() throws {
        let text = "host replication all 192.0.2.0/24 md5\n"
        let result = try ensure(text)
        #expect(result.text.hasPrefix("\(Self.comment)\n\(Self.line)\n"))
    }

    @Test func notAddedWhenAnEquivalentRuleMatchesFirst() throws {
        for text in ["host replication replicator 192.0.2.20/32 scram-sha-256\n",
                     "host replication all 192.0.2.0/24 scram-sha-256\n",
                     "host replication replicator 192.0.2.0 255.255.255.0 scram-sha-256\n",
                     "host \"replication\",replication all all scram-sha-256\n"] {
            let result = try ensure(text)
            #expect(result.text == text)
            #expect(result.edit.action == .alreadyPresent)
        }
    }

    @Test func rulesThatCannotMatchAreSkipped() throws {
        let text = """
        host    all             all             0.0.0.0/0               reject
        host    "replication"   all             0.0.0.0/0               reject
        host    replication     other           0.0.0.0/0               reject
        host    replication     all             198.51.100.0/24         reject
        host    replication     all             ::/0                    reject
        local   replication     all                                     reject

        """
        let result = try ensure(text)
        #expect(result.edit.action == .appended)
    }

    @Test func uncertainRulesGetTheNewRuleAbove() throws {
        for text in ["hostssl replication all 192.0.2.0/24 cert\n", "host replication +admins 192.0.2.20/32 md5\n",
                     "host replication all samenet md5\n", "host replication all db2.example.com md5\n",
                     "host replication @users 192.0.2.20/32 md5\n", "include_dir conf.d\n",
                     "hostssl replication replicator 192.0.2.20/32 scram-sha-256\n"] {
            let result = try ensure(text)
            guard case .insertedBefore = result.edit.action else {
                Issue.record("\(text): \(result.edit.action)")
                continue
            }
        }
    }

    @Test func addressFormsForEachFamily() throws {
        for (answer, column) in [("192.0.2.20", "192.0.2.20/32"), ("2001:db8::20", "2001:db8::20/128"),
                                 ("standby.example.com", "standby.example.com")] {
            let address = try HostAddress.parse(answer).get()
            let rule = try wanted(address: address.hbaAddress)
            #expect(HbaEditor.line(for: rule).contains(" \(column) "))
            let once = try ensure("", rule)
            #expect(try ensure(once.text, rule).edit.action == .alreadyPresent)
        }
        // An IPv4 rule never matches an IPv6 connection, and the other way round.
        let v6 = try wanted(address: "2001:db8::20/128")
        #expect(try ensure("host replication all 0.0.0.0/0 reject\n", v6).edit.action == .appended)
        #expect(try ensure("host replication all .example.com scram-sha-256\n",
                           wanted(address: "standby.example.com")).edit.action == .alreadyPresent)
    }

    @Test func linesTheServerWouldRefuseStopTheEdit() {
        #expect(throws: HbaEditError.self) { try ensure("hots all all 0.0.0.0/0 md5\n") }
        #expect(throws: HbaEditError.self) { try ensure("host all all 192.0.2.1 md5\n") }
        #expect(throws: HbaEditError.self) { try ensure("host all \"unterminated\n") }
        #expect(throws: HbaEditError.self) { try ensure("host replication all 10.0.0.0/33 md5\n") }
    }

    @Test func continuedRecordsAreOneRule() throws {
        let text = "host replication all \\\n  0.0.0.0/0 reject\n"
        let hba = PgHba(text)
        #expect(hba.problems.isEmpty)
        #expect(hba.rules.count == 1)
        let result = try ensure(text)
        #expect(result.text.hasPrefix(Self.comment))
    }

    @Test func crlfAndMissingFinalNewlineAreKept() throws {
        let result = try ensure("local all all peer\r\nhost all all ::1/128 md5")
        #expect(result.text == "local all all peer\r\nhost all all ::1/128 md5\r\n\r\n\(Self.comment)\r\n\(Self.line)")
    }

    @Test func namesThatLookLikeKeywordsAreQuoted() throws {
        let rule = try wanted(user: "all")
        #expect(rule.users == [HbaToken("all", quoted: true)])
        #expect(HbaEditor.line(for: rule).contains("\"all\""))
    }

    @Test func ensuringTwiceEqualsEnsuringOnce() throws {
        var generator = SeededGenerator(seed: 21)
        let lines = ["local all all peer", "host all all 0.0.0.0/0 md5", "host replication all 0.0.0.0/0 reject",
                     "# comment", "", "hostssl replication all ::/0 cert", "host replication replicator 192.0.2.0/24 md5",
                     "host replication replicator 192.0.2.20/32 scram-sha-256", "include_if_exists extra.conf"]
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0...7, using: &generator)).map { _ in lines.randomElement(using: &generator)! }
                .joined(separator: "\n") + (Bool.random(using: &generator) ? "\n" : "")
            let once = try ensure(text)
            let twice = try ensure(once.text)
            #expect(twice.text == once.text, "\(text.debugDescription)")
            #expect(twice.edit.action == .alreadyPresent, "\(text.debugDescription)")
        }
    }

    @Test func junkNeverCrashesTheParser() {
        var generator = SeededGenerator(seed: 9)
        let pieces = ["\"", "\"\"", "#", ",", " ", "\t", "\\", "\n", "\r\n", "host", "local", "all", "replication", "/", "1", ".", ":", "é"]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(PgHba(text).text == text)
        }
    }

    /// The file initdb writes from the sample the installed server ships.
    @Test func theSampleAsInitdbWritesIt() throws {
        let text = try PgHbaSample.initdbText()
        #expect(PgHba(text).problems.isEmpty)
        #expect(PgHba(text).rules.count == 6)
        let result = try ensure(text)
        #expect(result.edit.action == .appended)
        #expect(try ensure(result.text).edit.action == .alreadyPresent)
    }
}

/// What initdb does to pg_hba.conf.sample: fill in the placeholders.
enum PgHbaSample {
    static let directory = "/usr/share/postgresql/15"

    static func sample(_ name: String) throws -> String {
        let path = directory + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SampleMissing(path: path)
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct SampleMissing: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path) is missing: install the postgresql-15 package (.dev/test does)" }
    }

    static func initdbText() throws -> String {
        try sample("pg_hba.conf.sample")
            .replacing("@authcomment@", with: "")
            .replacing("@remove-line-for-nolocal@", with: "")
            .replacing("@authmethodhost@", with: "scram-sha-256")
            .replacing("@authmethodlocal@", with: "peer")
    }
}
