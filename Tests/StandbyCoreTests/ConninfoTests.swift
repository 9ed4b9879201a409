import Testing
@testable import StandbyCore

@Suite("primary_conninfo and the password file")
struct ConninfoTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("", "''"),
        ("two words", "'two words'"),
        ("it's", #"'it\'s'"#),
        (#"back\slash"#, #"'back\\slash'"#),
        (#"a'b\c d"#, #"'a\'b\\c d'"#),
    ])
    func valuesAreQuotedForLibpq(value: String, written: String) {
        #expect(Conninfo.quote(value) == written)
        #expect(Conninfo.parse("password=\(written)")?.first?.value == value)
    }

    @Test func anyPasswordSurvivesBothLayersOfQuoting() throws {
        var generator = SeededGenerator(seed: 5)
        let alphabet = Array("aZ9 '\\\"=:#$%&*()[]{};,.<>/?|~`!@^é€\t")
        for _ in 0..<2000 {
            let password = String((0..<Int.random(in: 0...20, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let conninfo = Conninfo.render([("host", "192.0.2.10"), ("port", "5432"), ("user", "replicator"), ("password", password)])
            let line = "primary_conninfo = \(ConfValue.literal(conninfo, for: "primary_conninfo"))"
            guard case .assignment(let assignment) = PostgresqlConf.classify(line, index: 0),
                  let pairs = Conninfo.parse(assignment.value) else {
                Issue.record("unreadable: \(line.debugDescription)")
                return
            }
            #expect(pairs.map(\.key) == ["host", "port", "user", "password"])
            #expect(pairs.last?.value == password, "\(line.debugDescription)")
        }
    }

    @Test func libpqSyntaxIsReadIncludingSpacesAroundEquals() throws {
        let pairs = try #require(Conninfo.parse("host = db1  port=5432 application_name='a b' user=x\\ y"))
        #expect(pairs.map(\.key) == ["host", "port", "application_name", "user"])
        #expect(pairs.map(\.value) == ["db1", "5432", "a b", "x y"])
        #expect(Conninfo.parse("host") == nil)
        #expect(Conninfo.parse("password='open") == nil)
    }

    @Test func templatesSubstituteEachValueAlone() throws {
        let pairs = try #require(Conninfo.pairs(fromTemplate: "host=$H user=$U password=$P",
                                                values: ["H": "db1", "U": "rep", "P": "a b=c d"]))
        #expect(Conninfo.render(pairs) == "host=db1 user=rep password='a b=c d'")
        #expect(Conninfo.pairs(fromTemplate: "host=$H oops", values: [:]) == nil)
    }

    @Test func sameSettingsInAnotherOrderAreTheSame() {
        #expect(SettingRequirement.compare(name: "primary_conninfo", current: "port=5432 host='db1'",
                                           wanted: "host=db1 port=5432") == .same)
        #expect(SettingRequirement.compare(name: "primary_conninfo", current: "host=db1", wanted: "host=db2") == .different)
    }

    @Test(arguments: [
        ("pa:ss", #"pa\:ss"#),
        (#"back\slash"#, #"back\\slash"#),
        ("plain", "plain"),
    ])
    func passwordFileFieldsAreEscaped(password: String, field: String) throws {
        let entry = PgPass.Entry.replication(host: "192.0.2.10", port: "5432", user: "replicator", password: password)
        #expect(entry.line == "192.0.2.10:5432:replication:replicator:\(field)")
        #expect(PgPass.parse(entry.line) == entry)
    }

    @Test func passwordFileEntryIsAddedOnceAndReplacedWhenThePasswordChanges() {
        let entry = PgPass.Entry.replication(host: "db1", port: "5432", user: "rep", password: "one")
        let first = PgPass.ensure(entry, in: "# mine\nother:5432:*:me:x\n")
        #expect(first.text == "# mine\nother:5432:*:me:x\ndb1:5432:replication:rep:one\n")
        #expect(first.outcome == .appended(lineNumber: 3))
        #expect(PgPass.ensure(entry, in: first.text).outcome == .unchanged(lineNumber: 3))
        var changed = entry
        changed.password = "two"
        let second = PgPass.ensure(changed, in: first.text)
        #expect(second.text == "# mine\nother:5432:*:me:x\ndb1:5432:replication:rep:two\n")
        #expect(second.outcome == .replaced(lineNumber: 3))
    }

    @Test func anEarlierWildcardLineWouldAnswerFirstSoTheEntryGoesAbove() {
        let entry = PgPass.Entry.replication(host: "db1", port: "5432", user: "rep", password: "new")
        let result = PgPass.ensure(entry, in: "*:*:*:rep:old\n")
        #expect(result.text == "db1:5432:replication:rep:new\n*:*:*:rep:old\n")
        #expect(result.outcome == .insertedBefore(lineNumber: 1))
    }
}
