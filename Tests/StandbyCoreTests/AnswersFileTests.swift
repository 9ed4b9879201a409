import Foundation
import Testing
@testable import StandbyCore

private let validYAML = """
# answers for the lab
PRIMARY_PG_IP: 10.0.0.5
PRIMARY_PG_PORT: 5432
PRIMARY_PG_VERSION: 9.5
PRIMARY_PG_CLUSTER: main
SECONDARY_PG_IP: 2001:db8::6
SECONDARY_PG_VERSION: 9.5
SECONDARY_PG_CLUSTER: /var/lib/pgsql/9.5/data
REP_USER: replicator
REP_ARCHIVE: /srv/wal archive

"""

private struct NoFiles: Error {}

private func parse(_ yaml: String, environment: [String: String] = [:],
                   files: [String: String] = [:]) throws -> Answers {
    try AnswersFile.parse(yaml: yaml, file: "answers.yaml", environment: environment) { path in
        guard let text = files[path] else { throw NoFiles() }
        return text
    }
}

/// The error's description, or nil when parsing succeeded.
private func failure(_ yaml: String, environment: [String: String] = [:],
                     files: [String: String] = [:]) -> String? {
    do {
        _ = try parse(yaml, environment: environment, files: files)
        return nil
    } catch let error as AnswersFileError {
        return error.description
    } catch {
        return "unexpected \(error)"
    }
}

struct AnswersFileTests {
    @Test func readsEveryValueAsWritten() throws {
        let answers = try parse(validYAML)
        #expect(answers.values == [
            "PRIMARY_PG_IP": "10.0.0.5", "PRIMARY_PG_PORT": "5432", "PRIMARY_PG_VERSION": "9.5",
            "PRIMARY_PG_CLUSTER": "main", "SECONDARY_PG_IP": "2001:db8::6", "SECONDARY_PG_VERSION": "9.5",
            "SECONDARY_PG_CLUSTER": "/var/lib/pgsql/9.5/data", "REP_USER": "replicator",
            "REP_ARCHIVE": "/srv/wal archive",
        ])
    }

    /// YAML's number reading would turn 9.10 into 9.1 and 015 into 15 (or
    /// 13); the file's text is what must be validated.
    @Test func numbersKeepTheirOriginalText() {
        #expect(failure("PRIMARY_PG_VERSION: 9.10\n")
            == "answers.yaml:1: PRIMARY_PG_VERSION: supported versions: 9.5, 9.6 or 10 to 18")
        #expect(failure("PRIMARY_PG_VERSION: 015\n") == "answers.yaml:1: PRIMARY_PG_VERSION: write it as 15")
        #expect(failure("PRIMARY_PG_PORT: 0x1538\n") == "answers.yaml:1: PRIMARY_PG_PORT: digits only")
        #expect(failure("PRIMARY_PG_VERSION: 9.50\n")
            == "answers.yaml:1: PRIMARY_PG_VERSION: supported versions: 9.5, 9.6 or 10 to 18")
    }

    @Test func quotedAndPlainScalarsAreTheSame() throws {
        let answers = try parse("PRIMARY_PG_VERSION: '16'\nSECONDARY_PG_VERSION: \"16\"\nPRIMARY_PG_PORT: 5433\n")
        #expect(answers["PRIMARY_PG_VERSION"] == "16")
        #expect(answers["SECONDARY_PG_VERSION"] == "16")
        #expect(answers["PRIMARY_PG_PORT"] == "5433")
    }

    @Test func emptyValuesAndCommentOnlyFilesAreUnanswered() throws {
        #expect(try parse("").values.isEmpty)
        #expect(try parse("# nothing yet\n").values.isEmpty)
        let answers = try parse("REP_USER:\nPRIMARY_PG_IP: ~\nPRIMARY_PG_PORT: null\nREP_ARCHIVE: /a\n")
        #expect(answers.values == ["REP_ARCHIVE": "/a"])
    }

    @Test(arguments: [
        ("- PRIMARY_PG_IP: 10.0.0.5\n", "answers.yaml:1: expected NAME: value lines (a YAML mapping)"),
        ("just text\n", "answers.yaml:1: expected NAME: value lines (a YAML mapping)"),
        ("# header\n\n15\n", "answers.yaml:3: expected NAME: value lines (a YAML mapping)"),
    ])
    func notAMapping(yaml: String, expected: String) {
        #expect(failure(yaml) == expected)
    }

    @Test(arguments: [
        ("PRIMARY_PG_IP: 10.0.0.5\nPRIMARY_IP: 10.0.0.6\n", "answers.yaml:2: unknown key PRIMARY_IP (did you mean PRIMARY_PG_IP?)"),
        ("primary_pg_port: 5432\n", "answers.yaml:1: unknown key primary_pg_port (did you mean PRIMARY_PG_PORT?)"),
        ("REP_USR: x\n", "answers.yaml:1: unknown key REP_USR (did you mean REP_USER?)"),
        ("WAL_LEVEL: replica\n", "answers.yaml:1: unknown key WAL_LEVEL"),
        ("colour: blue\n", "answers.yaml:1: unknown key colour"),
    ])
    func unknownKeys(yaml: String, expected: String) {
        #expect(failure(yaml) == expected)
    }

    @Test func duplicateKeyPointsAtTheRepeat() {
        let yaml = "PRIMARY_PG_IP: 10.0.0.5\nREP_USER: rep\n\nPRIMARY_PG_IP: 10.0.0.7\n"
        #expect(failure(yaml) == "answers.yaml:4: duplicate key PRIMARY_PG_IP (first on line 1)")
    }

    @Test func duplicateKeyThroughQuotingIsStillADuplicate() {
        let yaml = "PRIMARY_PG_IP: 10.0.0.5\n\"PRIMARY_PG_IP\": 10.0.0.7\n"
        #expect(failure(yaml) == "answers.yaml:2: duplicate key PRIMARY_PG_IP (first on line 1)")
    }

    @Test(arguments: [
        ("REP_USER:\n  - a\n  - b\n", "answers.yaml:1: REP_USER must be a single value, not a list or mapping"),
        ("PRIMARY_PG_IP: 10.0.0.5\nREP_ARCHIVE: {dir: /a}\n",
         "answers.yaml:2: REP_ARCHIVE must be a single value, not a list or mapping"),
        ("? [a, b]\n: c\n", "answers.yaml:1: a key must be a variable name"),
    ])
    func nonScalarValues(yaml: String, expected: String) {
        #expect(failure(yaml) == expected)
    }

    @Test(arguments: [
        ("PRIMARY_PG_IP: 10.0.0.5\nPRIMARY_PG_PORT: 99999\n", "answers.yaml:2: PRIMARY_PG_PORT: port must be 1 to 65535"),
        ("REP_USER: Replicator\n", "answers.yaml:1: REP_USER: upper case would need quoting; use lower case"),
        ("REP_ARCHIVE: archive\n", "answers.yaml:1: REP_ARCHIVE: must be an absolute path, starting with /"),
        ("PRIMARY_PG_VERSION: 15.4\n", "answers.yaml:1: PRIMARY_PG_VERSION: give the major version only, e.g. 15"),
    ])
    func invalidValues(yaml: String, expected: String) {
        #expect(failure(yaml) == expected)
    }

    @Test func crossChecksSeeTheWholeFile() {
        // The secondary comes first: the primary's later line must count.
        let versions = "SECONDARY_PG_VERSION: 16\nPRIMARY_PG_VERSION: 15\n"
        #expect(failure(versions) == "answers.yaml:1: SECONDARY_PG_VERSION: must match the primary's version (15)")
        let hosts = "PRIMARY_PG_IP: 10.0.0.5\nSECONDARY_PG_IP: 10.0.0.5\n"
        #expect(failure(hosts) == "answers.yaml:2: SECONDARY_PG_IP: same address and port as the primary")
        #expect(failure(hosts + "SECONDARY_PG_PORT: 5433\n") == nil)
    }

    @Test func syntaxErrorsHaveALine() throws {
        let message = try #require(failure("PRIMARY_PG_IP: 10.0.0.5\nREP_USER: [unclosed\n"))
        #expect(message.hasPrefix("answers.yaml:"))
        #expect(message.contains("not valid YAML"))
    }

    @Test func controlCharactersInTheFileHaveALine() throws {
        let message = try #require(failure("REP_USER: ok\nREP_ARCHIVE: /a\u{1}\n"))
        #expect(message.hasPrefix("answers.yaml:2: not valid YAML"), "\(message)")
    }

    @Test func twoDocumentsAreRefused() throws {
        let message = try #require(failure("REP_USER: a\n---\nREP_USER: b\n"))
        #expect(message.hasPrefix("answers.yaml:2: not valid YAML"))
    }
}

struct AnswersFilePasswordTests {
    private let secret = "pa ss'\"\\wörd"

    @Test func fromTheFile() throws {
        let answers = try parse("REP_USER_PW: 'pa ss''\"\\wörd'\n")
        #expect(answers.password == secret)
    }

    @Test func fromTheEnvironment() throws {
        let answers = try parse(validYAML, environment: ["REP_USER_PW": secret])
        #expect(answers.password == secret)
    }

    @Test(arguments: [("s3cret\n", "s3cret"), ("s3cret", "s3cret"), ("s3cret\r\n", "s3cret"), ("s 3\n", "s 3")])
    func fromAFileNamedByTheEnvironment(content: String, expected: String) throws {
        let answers = try parse(validYAML, environment: ["REP_USER_PW_FILE": "/run/secrets/pw"],
                                files: ["/run/secrets/pw": content])
        #expect(answers.password == expected)
    }

    @Test func onlyOneTrailingNewlineIsStripped() {
        let message = failure("", environment: ["REP_USER_PW_FILE": "/pw"], files: ["/pw": "s3cret\n\n"])
        #expect(message == "answers.yaml: password from /pw: no control characters (tab, newline and such)")
    }

    @Test func unreadablePasswordFile() {
        #expect(failure(validYAML, environment: ["REP_USER_PW_FILE": "/nope"])
            == "answers.yaml: cannot read the password file /nope named by REP_USER_PW_FILE")
    }

    @Test func fileAndEnvironmentTogetherAreRefused() {
        let yaml = "REP_USER: rep\nREP_USER_PW: filepw\n"
        #expect(failure(yaml, environment: ["REP_USER_PW": "envpw"])
            == "answers.yaml:2: password given more than once (answers.yaml line 2, environment variable REP_USER_PW); keep one")
        let both = failure("", environment: ["REP_USER_PW": "a", "REP_USER_PW_FILE": "/pw"], files: ["/pw": "b"])
        #expect(both?.contains("password given more than once") == true)
    }

    @Test func emptyPasswordKeyLeavesTheEnvironmentInCharge() throws {
        let answers = try parse("REP_USER_PW:\n", environment: ["REP_USER_PW": "envpw"])
        #expect(answers.password == "envpw")
    }

    /// Every failing path that involves a password must not repeat it.
    @Test func errorsNeverContainThePassword() throws {
        let canary = "Canary-7f3e"
        let cases: [String?] = [
            failure("REP_USER_PW: \"\(canary)\\t\"\n"),
            failure("REP_USER_PW: \(canary)\n", environment: ["REP_USER_PW": canary]),
            failure("", environment: ["REP_USER_PW": canary + "\n"]),
            failure("", environment: ["REP_USER_PW_FILE": "/pw"], files: ["/pw": canary + "\u{7F}"]),
            failure("REP_USER_PW: \(canary)\nREP_USER_PW: \(canary)\n"),
            failure("REP_USER_PW: [\(canary)\n"),
            failure("REP_USER_PW: \(canary): x\n"),
            failure("REP_USER_PW: \(canary)\nREP_USER: Bad\n"),
            failure("REP_USER_PW: \(String(repeating: canary, count: 20))\n"),
        ]
        for message in cases {
            let text = try #require(message)
            #expect(!text.contains(canary), "\(text)")
        }
    }

    @Test func encodedAnswersStillDropThePassword() throws {
        let answers = try parse(validYAML, environment: ["REP_USER_PW": "Canary-7f3e"])
        let data = try JSONEncoder().encode(answers)
        #expect(!String(decoding: data, as: UTF8.self).contains("Canary-7f3e"))
    }
}

struct AnswersFileLoadTests {
    @Test func loadsFromDiskAndReadsThePasswordFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("answers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let answersPath = directory.appendingPathComponent("answers.yaml").path
        let passwordPath = directory.appendingPathComponent("pw").path
        try validYAML.write(toFile: answersPath, atomically: true, encoding: .utf8)
        try "from-disk\n".write(toFile: passwordPath, atomically: true, encoding: .utf8)

        let answers = try AnswersFile.load(path: answersPath, environment: ["REP_USER_PW_FILE": passwordPath])
        #expect(answers.password == "from-disk")
        #expect(answers["SECONDARY_PG_CLUSTER"] == "/var/lib/pgsql/9.5/data")
    }

    @Test func missingFileIsAnError() {
        let path = "/nonexistent-\(UUID().uuidString)/answers.yaml"
        #expect(throws: AnswersFileError(file: path, line: nil, reason: "no such file")) {
            try AnswersFile.load(path: path, environment: [:])
        }
    }

    /// Each way a file cannot be read says its own cause, once.
    @Test func unreadableFilesSayWhy() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("answers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: AnswersFileError(file: directory.path, line: nil, reason: "a directory, not a file")) {
            try AnswersFile.load(path: directory.path, environment: [:])
        }
        let binary = directory.appendingPathComponent("binary.yaml").path
        try Data([0x52, 0x45, 0xff, 0xfe, 0x00]).write(to: URL(fileURLWithPath: binary))
        #expect(throws: AnswersFileError(file: binary, line: nil, reason: "not UTF-8 text")) {
            try AnswersFile.load(path: binary, environment: [:])
        }
    }

    @Test func errorsFromDiskNameThePath() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml").path
        try "REP_USER: ok\nNOPE: 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: AnswersFileError(file: path, line: 2, reason: "unknown key NOPE")) {
            try AnswersFile.load(path: path, environment: [:])
        }
    }
}
