import Testing
@testable import StandbyCore

@Suite("postgresql.conf editing: the line that takes effect, changed in place")
struct ConfEditorTests {
    static let root = "/etc/postgresql/16/main/postgresql.conf"
    static let auto = "/var/lib/postgresql/16/main/postgresql.auto.conf"

    func edit(_ files: [String: String], _ settings: [(String, String)]) throws -> (ConfChain, [ConfEdit]) {
        var chain = try ConfChain(rootPath: Self.root, autoConfPath: Self.auto, source: .memory(files))
        let edits = ConfEditor.set(settings.map { (name: $0.0, value: $0.1) }, in: &chain, dateStamp: "2026-01-02")
        return (chain, edits)
    }

    @Test func activeLineChangesInPlaceKeepingItsComment() throws {
        let text = "port = 5432\nwal_level = minimal\t\t# minimal, replica, or logical\nmax_connections = 100\n"
        let (chain, edits) = try edit([Self.root: text], [("wal_level", "replica")])
        #expect(chain.files[Self.root]?.text == "port = 5432\nwal_level = replica\t\t# minimal, replica, or logical\nmax_connections = 100\n")
        #expect(edits[0].action == .changed(from: "minimal"))
        #expect(edits[0].lineNumber == 2)
    }

    @Test func formWithoutEqualsSignIsKept() throws {
        let (chain, _) = try edit([Self.root: "wal_level minimal # old style\n"], [("wal_level", "replica")])
        #expect(chain.files[Self.root]?.text == "wal_level replica # old style\n")
    }

    @Test func commentedDefaultIsUncommentedNotDuplicated() throws {
        let text = "# - Settings -\n\n#listen_addresses = 'localhost'\t\t# what IP address(es) to listen on;\n"
        let (chain, edits) = try edit([Self.root: text], [("listen_addresses", "*")])
        #expect(chain.files[Self.root]?.text == "# - Settings -\n\nlisten_addresses = '*'\t\t# what IP address(es) to listen on;\n")
        #expect(edits[0].action == .uncommented)
    }

    @Test func proseMentioningAParameterIsNotUncommented() throws {
        let text = "# wal_level is explained in the docs\n# include 'x'\n"
        let (chain, edits) = try edit([Self.root: text], [("wal_level", "replica")])
        #expect(edits[0].action == .appended)
        #expect(chain.files[Self.root]?.text == text + "\n# Added by standby-wizard on 2026-01-02\nwal_level = replica\n")
    }

    @Test func absentParametersAreAppendedUnderOneDatedComment() throws {
        let (chain, edits) = try edit([Self.root: "port = 5432\n"], [("wal_keep_size", "1GB"), ("hot_standby", "on")])
        #expect(chain.files[Self.root]?.text == "port = 5432\n\n# Added by standby-wizard on 2026-01-02\nwal_keep_size = 1GB\nhot_standby = on\n")
        #expect(edits.map(\.action) == [.appended, .appended])
        #expect(edits.map(\.lineNumber) == [4, 5])
    }

    @Test func theLastOfTwoActiveLinesIsTheOneChanged() throws {
        let text = "wal_level = minimal\nport = 5432\nwal_level = archive\n"
        let (chain, edits) = try edit([Self.root: text], [("wal_level", "logical")])
        #expect(chain.files[Self.root]?.text == "wal_level = minimal\nport = 5432\nwal_level = logical\n")
        #expect(edits[0].note?.contains("\(Self.root):1") == true)
    }

    @Test func namesCompareWithoutCase() throws {
        let (chain, _) = try edit([Self.root: "WAL_Level = minimal\n"], [("wal_level", "replica")])
        #expect(chain.files[Self.root]?.text == "WAL_Level = replica\n")
    }

    @Test func anIncludedFileThatSetsItLastIsEdited() throws {
        let files = [
            Self.root: "wal_level = minimal\ninclude_dir = 'conf.d'\n#max_wal_senders = 10\n",
            "/etc/postgresql/16/main/conf.d/10-tuning.conf": "max_wal_senders = 3\n",
            "/etc/postgresql/16/main/conf.d/20-repl.conf": "wal_level = minimal # from conf.d\n",
            "/etc/postgresql/16/main/conf.d/.hidden.conf": "wal_level = logical\n",
            "/etc/postgresql/16/main/conf.d/notes.txt": "wal_level = logical\n",
        ]
        let (chain, edits) = try edit(files, [("wal_level", "replica"), ("max_wal_senders", "10")])
        #expect(chain.files[Self.root]?.text == files[Self.root])
        #expect(chain.files["/etc/postgresql/16/main/conf.d/20-repl.conf"]?.text == "wal_level = replica # from conf.d\n")
        #expect(chain.files["/etc/postgresql/16/main/conf.d/10-tuning.conf"]?.text == "max_wal_senders = 10\n")
        #expect(edits[0].path == "/etc/postgresql/16/main/conf.d/20-repl.conf")
    }

    @Test func includeAndIncludeIfExistsAreFollowedRelativeToTheirFile() throws {
        let files = [
            Self.root: "include 'extra/one.conf'\ninclude_if_exists = 'missing.conf'\nport = 5432\n",
            "/etc/postgresql/16/main/extra/one.conf": "include '../two.conf'\n",
            "/etc/postgresql/16/main/two.conf": "archive_mode = off\n",
        ]
        let (chain, edits) = try edit(files, [("archive_mode", "on")])
        #expect(chain.problems.isEmpty)
        #expect(chain.files["/etc/postgresql/16/main/two.conf"]?.text == "archive_mode = on\n")
        #expect(edits[0].action == .changed(from: "off"))
    }

    @Test func aMissingIncludeIsAProblemTheServerWouldHaveToo() throws {
        let chain = try ConfChain(rootPath: Self.root, autoConfPath: nil,
                                  source: .memory([Self.root: "include 'gone.conf'\n"]))
        #expect(chain.problems == ["\(Self.root) line 1: included file /etc/postgresql/16/main/gone.conf does not exist"])
    }

    @Test func aFileIncludingItselfDoesNotLoop() throws {
        let chain = try ConfChain(rootPath: Self.root, autoConfPath: nil,
                                  source: .memory([Self.root: "include 'postgresql.conf'\nport = 1\n"]))
        #expect(chain.assignments(of: "port").count == 1)
    }

    @Test func postgresqlAutoConfWinsAndIsWhereTheEditGoes() throws {
        let files = [
            Self.root: "#primary_conninfo = ''\t\t# connection string\nwal_level = replica\n",
            Self.auto: "# Do not edit this file manually!\nprimary_conninfo = 'host=old port=5432'\n",
        ]
        let (chain, edits) = try edit(files, [("primary_conninfo", "host=new port=5432")])
        #expect(chain.files[Self.root]?.text == files[Self.root])
        #expect(chain.files[Self.auto]?.text == "# Do not edit this file manually!\nprimary_conninfo = 'host=new port=5432'\n")
        #expect(edits[0].note?.contains("postgresql.auto.conf") == true)
    }

    @Test func equalValuesInAnotherSpellingAreLeftAlone() throws {
        let text = "wal_level = 'replica'\narchive_mode = true\nmax_wal_senders = 10\nwal_keep_size = 1024\n"
        let (chain, edits) = try edit([Self.root: text],
                                      [("wal_level", "replica"), ("archive_mode", "on"), ("max_wal_senders", "10"), ("wal_keep_size", "1GB")])
        #expect(chain.files[Self.root]?.text == text)
        #expect(edits.allSatisfy { $0.action == .unchanged })
    }

    @Test func strongerValuesAreKept() throws {
        let text = "wal_level = logical\nmax_wal_senders = 20\narchive_mode = always\nwal_keep_size = 4GB\n"
        let (chain, edits) = try edit([Self.root: text],
                                      [("wal_level", "replica"), ("max_wal_senders", "10"), ("archive_mode", "on"), ("wal_keep_size", "1GB")])
        #expect(chain.files[Self.root]?.text == text)
        for edit in edits {
            guard case .keptStronger = edit.action else {
                Issue.record("\(edit.name) was not kept: \(edit.action)")
                continue
            }
        }
    }

    @Test func weakerValuesAreRaised() throws {
        let (chain, _) = try edit([Self.root: "max_wal_senders = 3\nwal_level = minimal\n"],
                                  [("max_wal_senders", "10"), ("wal_level", "hot_standby")])
        #expect(chain.files[Self.root]?.text == "max_wal_senders = 10\nwal_level = hot_standby\n")
    }

    /// On 9.5 `archive` is a level below `hot_standby`: a primary left at
    /// archive must be raised, or the standby refuses to start in hot
    /// standby. From 9.6 on the two names mean `replica`.
    @Test(arguments: ["archive", "'archive'", "minimal"])
    func onNineFiveArchiveIsRaisedToHotStandby(current: String) throws {
        var chain = try ConfChain(rootPath: Self.root, autoConfPath: nil,
                                  source: .memory([Self.root: "wal_level = \(current)\n"]))
        let edits = ConfEditor.set([("wal_level", "hot_standby")], in: &chain, dateStamp: "2026-01-02",
                                   major: PostgresMajor(9, 5))
        #expect(chain.files[Self.root]?.text == "wal_level = hot_standby\n")
        #expect(edits[0].action == .changed(from: current.replacingOccurrences(of: "'", with: "")))
    }

    @Test func onNineFiveLogicalIsKeptAndHotStandbyIsTheSame() throws {
        #expect(SettingRequirement.compare(name: "wal_level", current: "logical", wanted: "hot_standby",
                                           major: PostgresMajor(9, 5)) != .different)
        #expect(SettingRequirement.compare(name: "wal_level", current: "HOT_STANDBY", wanted: "hot_standby",
                                           major: PostgresMajor(9, 5)) == .same)
        // Without the version, the 9.5 spelling of the wanted value decides.
        #expect(SettingRequirement.compare(name: "wal_level", current: "archive", wanted: "hot_standby") == .different)
    }

    @Test(arguments: ["9.6", "10", "15", "18"])
    func fromNineSixArchiveAndHotStandbyAreReplica(version: String) throws {
        let major = try #require(PostgresMajor(version))
        for current in ["archive", "hot_standby"] {
            #expect(SettingRequirement.compare(name: "wal_level", current: current, wanted: "replica", major: major) == .same)
        }
        #expect(SettingRequirement.compare(name: "wal_level", current: "minimal", wanted: "replica", major: major) == .different)
        #expect(SettingRequirement.compare(name: "wal_level", current: "logical", wanted: "replica", major: major) != .different)
    }

    @Test func crlfFilesStayCrlfAndAMissingFinalNewlineStaysMissing() throws {
        let text = "port = 5432\r\n#wal_level = minimal\r\nmax_connections = 100"
        let (chain, _) = try edit([Self.root: text], [("wal_level", "replica"), ("hot_standby", "on")])
        #expect(chain.files[Self.root]?.text
            == "port = 5432\r\nwal_level = replica\r\nmax_connections = 100\r\n\r\n# Added by standby-wizard on 2026-01-02\r\nhot_standby = on")
    }

    @Test func archivePathWithSpacesAndQuotesIsWrittenSoTheServerReadsItBack() throws {
        let command = ArchiveCommand.copyingInto(directory: "/var/lib/postgresql/wal archive/it's")
        let (chain, _) = try edit([Self.root: "#archive_command = ''\t\t# command to use\n"], [("archive_command", command)])
        let conf = try #require(chain.files[Self.root])
        #expect(conf.assignments.first?.value == command)
        // Shell quoting inside, then the file's: quotes and backslashes doubled.
        #expect(conf.text.hasPrefix(#"archive_command = 'test ! -f ''/var/lib/postgresql/wal archive/it''\\''''s''/%f"#))
    }

    @Test func editingTwiceEqualsEditingOnce() throws {
        var generator = SeededGenerator(seed: 11)
        let names = ["wal_level", "archive_mode", "max_wal_senders", "listen_addresses", "archive_command", "hot_standby"]
        let values = ["replica", "on", "10", "*", "cp %p '/a b'/%f", "it's \\ odd", "logical", "64"]
        let lines = ["#wal_level = minimal", "wal_level = minimal", "archive_mode = off # x", "# prose", "",
                     "max_wal_senders = 5", "#listen_addresses = 'localhost'", "hot_standby = off\r", "port = 5432"]
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in lines.randomElement(using: &generator)! }
                .joined(separator: "\n") + (Bool.random(using: &generator) ? "\n" : "")
            let settings = (0..<Int.random(in: 1...4, using: &generator)).map { _ in
                (names.randomElement(using: &generator)!, values.randomElement(using: &generator)!)
            }
            let (once, _) = try edit([Self.root: text], settings)
            let onceText = try #require(once.files[Self.root]?.text)
            let (twice, edits) = try edit([Self.root: onceText], settings)
            #expect(twice.files[Self.root]?.text == onceText, "\(text.debugDescription) \(settings)")
            // A name set twice in one step flips back and forth on each
            // run; the text still ends the same, checked above.
            if Set(settings.map(\.0)).count == settings.count {
                for edit in edits { #expect(!edit.changesFile, "\(edit)") }
            }
        }
    }

    @Test func junkNeverCrashesTheParser() {
        var generator = SeededGenerator(seed: 3)
        let pieces = ["'", "''", "\\", "#", "=", " ", "\t", "\r", "\n", "a", "_", "1", "0x", ".", "e5", "-", "é", "\u{0}", "\u{FFFF}", "include", "include_dir"]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let conf = PostgresqlConf(text)
            #expect(conf.text == text)
            _ = conf.problems
        }
        var bytes: [UInt8] = []
        for _ in 0..<20000 { bytes.append(UInt8.random(in: 0...255, using: &generator)) }
        let decoded = FileText(bytes: bytes)
        #expect(decoded.encoding == .latin1)
        #expect(PostgresqlConf(decoded.text).text == decoded.text)
        #expect(FileText(text: decoded.text, encoding: decoded.encoding).encoded() == bytes)
    }

    @Test func aVeryLongFileIsEditedAndKeptWhole() throws {
        var lines: [String] = []
        for i in 0..<60_000 { lines.append(i % 3 == 0 ? "# comment \(i)" : "custom.setting_\(i) = '\(i)'") }
        lines.insert("#wal_level = minimal", at: 45_000)
        let text = lines.joined(separator: "\n") + "\n"
        let (chain, edits) = try edit([Self.root: text], [("wal_level", "replica")])
        #expect(edits[0].lineNumber == 45_001)
        let result = try #require(chain.files[Self.root]?.text)
        #expect(result.utf8.count == text.utf8.count + "replica".utf8.count - "#minimal".utf8.count)
    }

    @Test func syntaxErrorsAreReportedWithTheirLine() {
        let conf = PostgresqlConf("port = 5432\nlisten_addresses = *\nwal_level = 'replica\nshared_buffers = 128 MB\n")
        #expect(conf.problems.map(\.lineNumber) == [2, 3, 4])
        #expect(conf.problems[1].reason.contains("quote is not closed"))
    }

    @Test func latin1FilesRoundTripByteForByte() throws {
        var bytes = Array("# Voil".utf8) + [0xE0] + Array(" un commentaire\nwal_level = minimal\n".utf8)
        let text = FileText(bytes: bytes)
        #expect(text.encoding == .latin1)
        let original = bytes
        var chain = try ConfChain(rootPath: Self.root, autoConfPath: nil, source: ConfigFileSource(read: { _ in original }, list: { _ in nil }))
        _ = ConfEditor.set([("wal_level", "replica")], in: &chain, dateStamp: "x")
        let written = FileText(text: try #require(chain.files[Self.root]?.text), encoding: try #require(chain.encodings[Self.root])).encoded()
        bytes.replaceSubrange((bytes.count - 8)..<bytes.count, with: Array("replica\n".utf8))
        #expect(written == bytes)
    }
}
