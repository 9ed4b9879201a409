import Foundation
import Testing
@testable import StandbyCore

/// Parses `yaml` as the file "t.yaml" and returns the problems as
/// "LINE: reason" strings, the form an author reads.
private func problems(_ yaml: String) -> [String] {
    ScreenLoader.parse(yaml: yaml, file: "t.yaml").1.map { "\($0.location.line): \($0.message)" }
}

private func screen(_ yaml: String) -> ScreenDefinition? {
    let (screen, problems) = ScreenLoader.parse(yaml: yaml, file: "t.yaml")
    #expect(problems == [])
    return screen
}

private let header = """
    id: sample
    title: Sample step
    host: primary
    text: Explains the step.

    """

@Suite("Screen loader: well-formed screens")
struct ScreenLoaderValidTests {
    @Test func minimalScreenDefaultsToInfoAndAlways() throws {
        let loaded = try #require(screen(header))
        #expect(loaded == ScreenDefinition(id: "sample", title: "Sample step", host: .primary,
                                           text: "Explains the step.", action: .info,
                                           location: SourceLocation(file: "t.yaml", line: 1)))
    }

    @Test func helpAndConditionsAreRead() throws {
        let loaded = try #require(screen(header + """
            help: |
              More about $REP_USER.
            when:
              version: [">=12", "9.6"]
              mode: lab
              layout: [debian, datadir]
            """))
        #expect(loaded.help == "More about $REP_USER.\n")
        #expect(loaded.condition.versions?.map(\.text) == [">=12", "9.6"])
        #expect(loaded.condition.modes == [.lab])
        #expect(loaded.condition.layouts == [.debian, .datadir])
        #expect(loaded.condition.matches(ConditionContext(version: PostgresMajor(13), mode: .lab, layout: .debian)))
        #expect(!loaded.condition.matches(ConditionContext(version: PostgresMajor(10), mode: .lab, layout: .debian)))
        #expect(!loaded.condition.matches(ConditionContext(version: PostgresMajor(13), mode: .full, layout: .debian)))
    }

    @Test func formKeepsFieldOrder() throws {
        let loaded = try #require(screen(header + "action:\n  form:\n    fields: [REP_USER, REP_USER_PW, REP_ARCHIVE]\n"))
        #expect(loaded.action == .form(FormAction(fields: ["REP_USER", "REP_USER_PW", "REP_ARCHIVE"])))
    }

    @Test func commandWithRunUserAndDestructive() throws {
        let loaded = try #require(screen(header + """
            action:
              command:
                run: mv "$SECONDARY_PG_DATA" "$SECONDARY_PG_DATA.old"
                as: postgres
                destructive: true
            """))
        #expect(loaded.action == .command(CommandAction(spec: .shell("mv \"$SECONDARY_PG_DATA\" \"$SECONDARY_PG_DATA.old\""),
                                                        runAs: .postgres, destructive: true)))
    }

    @Test func commandServiceDefaultsToRootAndNotDestructive() throws {
        let loaded = try #require(screen(header + "action:\n  command:\n    service: reload\n"))
        #expect(loaded.action == .command(CommandAction(spec: .service(.reload), runAs: .root, destructive: false)))
    }

    @Test func editSettingsKeepYAMLOrderAndRawValues() throws {
        let loaded = try #require(screen(header + """
            action:
              edit:
                file: recovery
                settings:
                  standby_mode: "on"
                  primary_conninfo: host=$PRIMARY_PG_IP port=$PRIMARY_PG_PORT
                  archive_mode: on
                  max_wal_senders: 10
                  restore_command: ''
            """))
        let expected = [("standby_mode", "on"), ("primary_conninfo", "host=$PRIMARY_PG_IP port=$PRIMARY_PG_PORT"),
                        ("archive_mode", "on"), ("max_wal_senders", "10"), ("restore_command", "")]
        #expect(loaded.action == .edit(EditAction(file: .recoverySettings,
                                                  settings: expected.map { ConfigSetting(name: $0.0, value: $0.1) })))
    }

    @Test func editHbaRules() throws {
        let loaded = try #require(screen(header + """
            action:
              edit:
                file: pg_hba.conf
                rules:
                  - {type: host, database: replication, user: $REP_USER, address: $SECONDARY_HBA_ADDRESS, method: $HBA_AUTH_METHOD}
            """))
        let rule = HbaRuleTemplate(type: "host", database: "replication", user: "$REP_USER",
                                   address: "$SECONDARY_HBA_ADDRESS", method: "$HBA_AUTH_METHOD")
        #expect(loaded.action == .edit(EditAction(file: .pgHbaConf, hbaRules: [rule])))
    }

    @Test func gateDefaultsToSixtySeconds() throws {
        let loaded = try #require(screen(header + "action:\n  gate:\n    expect: [standby-mode, streaming]\n"))
        #expect(loaded.action == .gate(GateAction(expect: [.standbyMode, .streaming], timeoutSeconds: 60)))
        let timed = try #require(screen(header + "action:\n  gate:\n    expect: [accepting-connections]\n    timeout: 300\n"))
        #expect(timed.action == .gate(GateAction(expect: [.acceptingConnections], timeoutSeconds: 300)))
    }

    @Test func verifyChecks() throws {
        let loaded = try #require(screen(header + "action:\n  verify:\n    checks: [in-recovery, write-test]\n"))
        #expect(loaded.action == .verify(VerifyAction(checks: [.inRecovery, .writeTest])))
    }

    @Test func infoMayBeWrittenAsAKind() throws {
        let loaded = try #require(screen(header + "action:\n  info:\n"))
        #expect(loaded.action == .info)
    }

    @Test func dollarEscapeIsNotAVariable() throws {
        let loaded = try #require(screen(header + "action:\n  command:\n    run: echo $$HOME $1\n"))
        #expect(loaded.action == .command(CommandAction(spec: .shell("echo $$HOME $1"))))
    }
}

@Suite("Screen loader: problems")
struct ScreenLoaderProblemTests {
    @Test func everyProblemOfAFileIsReportedInLineOrder() {
        let found = problems("""
            id: Bad_Id
            title: This title is far too long to fit in the step list
            host: database
            text: ""
            colour: red
            """)
        #expect(found == [
            "1: id 'Bad_Id' must be lower-case letters, digits and '-', starting with a letter or digit",
            "2: 'title' is 50 characters; at most 40 fit the step list",
            "3: unknown host 'database' (expected one of primary, secondary, local)",
            "4: 'text' is empty",
            "5: unknown key 'colour' (expected one of id, title, host, text, help, when, action)",
        ])
    }

    @Test func missingRequiredKeysPointAtTheMapping() {
        #expect(problems("# a comment\nid: x\nhost: local\n") == [
            "2: missing required key 'title' in the screen",
            "2: missing required key 'text' in the screen",
        ])
    }

    @Test func documentMustBeAMapping() {
        #expect(problems("- id: x\n") == ["1: a screen file must be a mapping of keys, not a list"])
        #expect(problems("just words\n") == ["1: a screen file must be a mapping of keys, not a string"])
        #expect(problems("") == ["1: the file is empty; a screen needs id, title, host, text"])
    }

    @Test func repeatedKeyIsASyntaxError() {
        #expect(problems(header + "title: Again\n") == [
            "2: YAML syntax error: key 'title' appears more than once in the same mapping",
        ])
    }

    @Test func titleMustBeOneLine() {
        #expect(problems("id: x\ntitle: \"two\\nlines\"\nhost: local\ntext: t\n") == ["2: 'title' must be one line"])
    }

    @Test func undefinedVariablesAreFoundOnTheirOwnLines() {
        let found = problems("""
            id: x
            title: About $NOPE_TITLE
            host: local
            text: |
              first line
              second $NOPE_ONE and $PRIMARY_PG_IP

              fourth $NOPE_TWO
            help: >
              folded $NOPE_THREE
            """)
        #expect(found == [
            "2: undefined variable $NOPE_TITLE in 'title' (neither a form input nor a derived value)",
            "6: undefined variable $NOPE_ONE in 'text' (neither a form input nor a derived value)",
            "8: undefined variable $NOPE_TWO in 'text' (neither a form input nor a derived value)",
            "9: undefined variable $NOPE_THREE in 'help' (neither a form input nor a derived value)",
        ])
    }

    @Test func derivedNamesAreDefined() {
        let text = DerivedVariables.names.map { "$" + $0 }.joined(separator: " ")
        #expect(problems("id: x\ntitle: t\nhost: local\ntext: \"\(text)\"\n") == [])
    }

    @Test func conditionProblems() {
        let found = problems(header + """
            when:
              version: ["12", "banana"]
              mode: [full, demo]
              layout: rpm
              os: debian
              hosts: [both, all]
              answers: {WAL_RETENTION: [slot, forever], REP_USER: x}
            """)
        #expect(found == [
            "6: bad version condition: cannot read version range \"banana\" (write e.g. \"12\", \">=12\", \"<12\" or \"9.5-11\")",
            "7: unknown mode 'demo' in 'when' (expected one of full, rebuild, lab)",
            "8: unknown layout 'rpm' in 'when' (expected one of debian, datadir)",
            "9: unknown key 'os' (expected one of version, mode, layout, hosts, answers)",
            "10: unknown hosts 'all' in 'when' (expected one of both, primary, secondary)",
            "11: unknown key 'REP_USER' (expected one of WAL_RETENTION, BASEBACKUP_CHECKPOINT)",
            "11: unknown WAL_RETENTION 'forever' in 'when' (expected one of slot, keep, archive)",
        ])
    }

    @Test func actionShapes() {
        #expect(problems(header + "action: form\n")
                == ["5: action 'form' needs its settings: write it as a mapping, 'form:' under 'action:'"])
        #expect(problems(header + "action: reboot\n")
                == ["5: unknown action 'reboot' (expected one of info, form, command, edit, gate, verify)"])
        #expect(problems(header + "action: [info]\n")
                == ["5: 'action' must be 'info' or a mapping with one of info, form, command, edit, gate, verify, not a list"])
        #expect(problems(header + "action: {}\n")
                == ["5: 'action' is an empty mapping (expected one of info, form, command, edit, gate, verify)"])
        #expect(problems(header + "action:\n  info: yes\n") == ["6: 'info' takes no settings"])
    }

    @Test func twoActionsStillGetTheirOwnProblemsChecked() {
        let found = problems(header + "action:\n  gate:\n    expect: [started]\n  verify:\n    checks: []\n")
        #expect(found == [
            "7: unknown expect item 'started' (expected one of accepting-connections, standby-mode, streaming, read-only-connections)",
            "8: more than one action (gate, verify); a step does exactly one thing",
            "9: 'checks' is an empty list",
        ])
    }

    @Test func formProblems() {
        let found = problems(header + """
            action:
              form:
                fields:
                  - PRIMARY_PG_IP
                  - $REP_USER
                  - WAL_LEVEL
                  - PRIMARY_PG_IP
                  - PRIMARY_HOST
            """)
        let inputs = VariableCatalog.inputs.map(\.name).joined(separator: ", ")
        #expect(found == [
            "9: write form fields without '$' ('REP_USER')",
            "10: 'WAL_LEVEL' is derived from other answers; a form cannot ask for it",
            "11: form field 'PRIMARY_PG_IP' is listed twice",
            "12: unknown form field 'PRIMARY_HOST' (expected one of \(inputs))",
        ])
        #expect(problems(header + "action:\n  form: {}\n") == ["6: missing required key 'fields' in 'form'"])
        #expect(problems(header + "action:\n  form:\n    fields: REP_USER\n") == ["7: 'fields' must be a list, not a string"])
    }

    @Test func commandProblems() {
        #expect(problems(header + "action:\n  command:\n    run: ls\n    service: stop\n")
                == ["8: 'command' has both 'run' and 'service'; give exactly one"])
        #expect(problems(header + "action:\n  command:\n    as: postgres\n")
                == ["6: 'command' needs 'run' (a shell line) or 'service' (start, stop, restart, reload)"])
        #expect(problems(header + "action:\n  command:\n    service: bounce\n    as: admin\n    destructive: maybe\n") == [
            "7: unknown service 'bounce' (expected one of start, stop, restart, reload)",
            "8: unknown user 'admin' (expected one of postgres, root, operator)",
            "9: 'destructive' must be true or false",
        ])
    }

    @Test func passwordIsForbiddenInRunButAllowedInSettings() {
        #expect(problems(header + "action:\n  command:\n    run: \"echo '$REP_USER_PW'\"\n").count == 1)
        #expect(problems(header + "action:\n  edit:\n    file: recovery\n    settings:\n      primary_conninfo: password=$REP_USER_PW\n") == [])
    }

    @Test func editProblems() {
        #expect(problems(header + "action:\n  edit:\n    file: pg_hba.conf\n    settings:\n      ssl: \"on\"\n")
                == ["8: 'settings' do not apply to pg_hba.conf; give 'rules'"])
        #expect(problems(header + "action:\n  edit:\n    file: postgresql.conf\n    rules: []\n")
                == ["8: 'rules' only apply to pg_hba.conf; postgresql.conf takes 'settings'"])
        #expect(problems(header + "action:\n  edit:\n    file: pg_ident.conf\n    settings: {a: b}\n")
                == ["7: unknown file 'pg_ident.conf' (expected one of postgresql.conf, pg_hba.conf, recovery)"])
        #expect(problems(header + "action:\n  edit:\n    file: postgresql.conf\n")
                == ["6: edit of postgresql.conf changes nothing; give 'settings'"])
        #expect(problems(header + "action:\n  edit:\n    file: postgresql.conf\n    settings:\n      Wal-Level: x\n      hot_standby:\n      port: $PORT\n") == [
            "9: 'Wal-Level' is not a setting name (lower-case letters, digits, '_' and '.')",
            "10: setting 'hot_standby' needs a single value, not empty; quote an empty one as ''",
            "11: undefined variable $PORT in 'port' (neither a form input nor a derived value)",
        ])
    }

    @Test func hbaRuleProblems() {
        let found = problems(header + """
            action:
              edit:
                file: pg_hba.conf
                rules:
                  - {type: host, database: replication, user: $REP_USER, address: $STANDBY_IP}
                  - {type: host, database: replication, user: x, address: y, method: md5, options: z}
            """)
        #expect(found == [
            "9: missing required key 'method' in a pg_hba.conf rule",
            "9: undefined variable $STANDBY_IP in 'address' (neither a form input nor a derived value)",
            "10: unknown key 'options' (expected one of type, database, user, address, method)",
        ])
    }

    @Test func gateTimeoutBounds() {
        #expect(problems(header + "action:\n  gate:\n    expect: [streaming]\n    timeout: 0\n")
                == ["8: 'timeout' must be between 1 and 3600 seconds, not 0"])
        #expect(problems(header + "action:\n  gate:\n    expect: [streaming]\n    timeout: soon\n")
                == ["8: 'timeout' must be a whole number of seconds"])
        #expect(problems(header + "action:\n  verify:\n    checks: [streaming, streaming]\n")
                == ["7: 'streaming' is listed twice in 'checks'"])
    }

    @Test func unclosedQuoteNamesWhereItOpened() {
        let found = problems("id: x\ntitle: 'open\nhost: local\n")
        #expect(found == ["4: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar started at line 2)"])
    }
}

@Suite("Screen loader: directories")
struct ScreenLoaderDirectoryTests {
    @Test func loadsYamlAndYmlInByteOrderOfNames() throws {
        let dir = try TemporaryDirectory()
        try dir.write("020-b.yml", TemporaryDirectory.screen(id: "b"))
        try dir.write("010-a.yaml", TemporaryDirectory.screen(id: "a"))
        try dir.write("Z-upper.yaml", TemporaryDirectory.screen(id: "upper"))
        try dir.write("100-c.yaml", TemporaryDirectory.screen(id: "c"))
        try dir.write("README.md", "not a screen")
        try dir.write(".010-a.yaml.swp.yaml", "not a screen either: [")
        let (screens, problems) = ScreenLoader.load(directory: dir.path)
        #expect(problems == [])
        // Byte order puts digits before upper case; upper case before lower.
        #expect(screens.map(\.id) == ["a", "b", "c", "upper"])
        #expect(screens.map(\.location) == ["010-a.yaml", "020-b.yml", "100-c.yaml", "Z-upper.yaml"]
            .map { SourceLocation(file: dir.path + "/" + $0, line: 1) })
    }

    @Test func trailingSlashDoesNotDoubleTheSeparator() throws {
        let dir = try TemporaryDirectory()
        try dir.write("1.yaml", "id: [\n")
        let (_, problems) = ScreenLoader.load(directory: dir.path + "/")
        #expect(problems.map(\.location.file) == [dir.path + "/1.yaml"])
    }

    @Test func brokenScreensAreLeftOutAndProblemsSortedByFileThenLine() throws {
        let dir = try TemporaryDirectory()
        try dir.write("b.yaml", "id: b\ntitle: B\nhost: local\ntext: t\nextra: 1\nmore: 2\n")
        try dir.write("a.yaml", "id: a\ntitle: A\nhost: nowhere\ntext: t\n")
        try dir.write("c.yaml", TemporaryDirectory.screen(id: "c"))
        let (screens, problems) = ScreenLoader.load(directory: dir.path)
        #expect(screens.map(\.id) == ["c"])
        #expect(problems.map { "\(($0.location.file as NSString).lastPathComponent):\($0.location.line)" }
                == ["a.yaml:3", "b.yaml:5", "b.yaml:6"])
    }

    @Test func missingDirectoryAndEmptyDirectoryAreProblems() throws {
        let missing = ScreenLoader.load(directory: "/nonexistent/screens")
        #expect(missing.problems.map(\.description) == ["/nonexistent/screens: no such directory"])
        let dir = try TemporaryDirectory()
        try dir.write("notes.txt", "x")
        let empty = ScreenLoader.load(directory: dir.path)
        #expect(empty.screens.isEmpty)
        #expect(empty.problems.map(\.message) == ["no screen files (*.yaml, *.yml) in the directory"])
    }

    @Test func loadFileReportsUnreadableFiles() throws {
        let dir = try TemporaryDirectory()
        try Data([0x69, 0x64, 0x3a, 0xff, 0xfe]).write(to: URL(fileURLWithPath: dir.path + "/bin.yaml"))
        let (screen, problems) = ScreenLoader.load(file: dir.path + "/bin.yaml")
        #expect(screen == nil)
        #expect(problems.map(\.description) == ["\(dir.path)/bin.yaml: the file is not UTF-8 text"])
        #expect(ScreenLoader.load(file: dir.path + "/none.yaml").1.map(\.message) == ["cannot read the file"])
    }
}
