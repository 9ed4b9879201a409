import Foundation
import Testing
@testable import StandbyCore

private let complete: [String: String] = [
    "PRIMARY_PG_IP": "10.0.0.5", "PRIMARY_PG_PORT": "5432", "PRIMARY_PG_VERSION": "15",
    "PRIMARY_PG_CLUSTER": "main", "SECONDARY_PG_IP": "10.0.0.6", "SECONDARY_PG_PORT": "5432",
    "SECONDARY_PG_VERSION": "15", "SECONDARY_PG_CLUSTER": "main", "REP_USER": "replicator",
    "REP_USER_PW": "s3cret", "REP_ARCHIVE": "/var/lib/postgresql/wal-archive",
]

private func derived(_ changes: [String: String?] = [:]) -> [String: String] {
    var values = complete
    for (name, value) in changes { values[name] = value }
    return DerivedVariables.values(from: Answers(values))
}

struct DerivedVariablesTests {
    @Test func completeAnswersProduceEveryDeclaredName() {
        #expect(Set(derived().keys) == Set(DerivedVariables.names))
    }

    /// A slot per standby address; the archive read back and pruned by the
    /// standby's own pg_archivecleanup, through the same quoting as
    /// archive_command.
    @Test func retentionValues() {
        #expect(derived()["REPLICATION_SLOT"] == "standby_10_0_0_6")
        #expect(derived()["CREATE_SLOT_SQL"] == "SELECT pg_create_physical_replication_slot('standby_10_0_0_6', true)")
        // 9.5 has no way to hold WAL before the slot is first used.
        #expect(derived(["PRIMARY_PG_VERSION": "9.5", "SECONDARY_PG_VERSION": "9.5"])["CREATE_SLOT_SQL"]
                == "SELECT pg_create_physical_replication_slot('standby_10_0_0_6')")
        #expect(derived(["SECONDARY_PG_IP": "2001:DB8::6"])["REPLICATION_SLOT"] == "standby_2001_db8__6")
        #expect(derived(["REP_ARCHIVE": "/srv/wal it's/"])["RESTORE_COMMAND"] == #"cp '/srv/wal it'\''s'/%f "%p""#)
        #expect(derived()["ARCHIVE_CLEANUP_COMMAND"]
                == "/usr/lib/postgresql/15/bin/pg_archivecleanup '/var/lib/postgresql/wal-archive' %r")
    }

    /// Programs outside the packaging's place: every command, the archive
    /// cleanup and pg_ctl of that host use the answers' directory.
    @Test func anAnsweredProgramDirectoryWins() throws {
        let directory = "/opt/pg18/bin"
        let values = derived(["SECONDARY_PG_BINDIR": directory, "SECONDARY_PG_CLUSTER": "/srv/pg/standby"])
        #expect(values["SECONDARY_PG_BINDIR"] == directory)
        #expect(values["PRIMARY_PG_BINDIR"] == "/usr/lib/postgresql/15/bin")
        #expect(values["ARCHIVE_CLEANUP_COMMAND"] == "/opt/pg18/bin/pg_archivecleanup '/var/lib/postgresql/wal-archive' %r")
        let control = try #require(ServiceControl(version: PostgresMajor("15")!, cluster: "/srv/pg/standby", facts: HostFacts(isRoot: true, userName: "root"),
                                                  binDirectory: values["SECONDARY_PG_BINDIR"]))
        #expect(control.argv(.stop).first == "/opt/pg18/bin/pg_ctl")
        #expect(VariableValidator.check("SECONDARY_PG_BINDIR", value: "opt/pg18", answers: Answers()) != .valid)
    }

    @Test func noAnswersProduceNothing() {
        #expect(DerivedVariables.values(from: Answers()).isEmpty)
    }

    @Test(arguments: [
        ("9.5", "hot_standby", "--xlog-method=stream", "recovery.conf", "md5", "wal_keep_segments"),
        ("9.6", "replica", "--xlog-method=stream", "recovery.conf", "md5", "wal_keep_segments"),
        ("10", "replica", "--wal-method=stream", "recovery.conf", "md5", "wal_keep_segments"),
        ("11", "replica", "--wal-method=stream", "recovery.conf", "md5", "wal_keep_segments"),
        ("12", "replica", "--wal-method=stream", "standby.signal", "md5", "wal_keep_segments"),
        ("13", "replica", "--wal-method=stream", "standby.signal", "md5", "wal_keep_size"),
        ("14", "replica", "--wal-method=stream", "standby.signal", "scram-sha-256", "wal_keep_size"),
        ("18", "replica", "--wal-method=stream", "standby.signal", "scram-sha-256", "wal_keep_size"),
    ])
    func versionDerivedValues(version: String, walLevel: String, walFlag: String, recovery: String,
                              hba: String, walKeep: String) {
        let values = derived(["PRIMARY_PG_VERSION": version, "SECONDARY_PG_VERSION": version])
        #expect(values["WAL_LEVEL"] == walLevel)
        #expect(values["MAX_WAL_SENDERS"] == "10")
        #expect(values["BASEBACKUP_WAL_FLAG"] == walFlag)
        #expect(values["RECOVERY_CONFIG"] == recovery)
        #expect(values["HBA_AUTH_METHOD"] == hba)
        #expect(values["WAL_KEEP_SETTING"] == walKeep)
    }

    /// The recommendation must never undercut the server's own default, or
    /// a primary left at its default would out-number its standby.
    @Test func maxWalSendersIsNeverBelowTheDefault() throws {
        for facts in VersionFacts.table {
            let values = derived(["PRIMARY_PG_VERSION": facts.major.description,
                                  "SECONDARY_PG_VERSION": facts.major.description])
            let senders = try #require(values["MAX_WAL_SENDERS"].flatMap { Int($0) })
            #expect(senders >= facts.maxWalSendersDefault)
            #expect(senders > 3, "the recipe's 3 leaves no room for a base backup next to a standby")
        }
    }

    @Test(arguments: [nil, "", "15.4", "9.4", "fifteen"] as [String?])
    func versionValuesAbsentWithoutAValidPrimaryVersion(version: String?) {
        let values = derived(["PRIMARY_PG_VERSION": version])
        for name in ["WAL_LEVEL", "MAX_WAL_SENDERS", "BASEBACKUP_WAL_FLAG", "RECOVERY_CONFIG", "HBA_AUTH_METHOD",
                     "WAL_KEEP_SETTING", "PRIMARY_PG_DATA", "PRIMARY_PG_CONF_DIR", "PRIMARY_PG_LOG",
                     "PRIMARY_PG_BINDIR"] {
            #expect(values[name] == nil, "\(name)")
        }
        #expect(values["ARCHIVE_COMMAND"] != nil)
    }

    @Test(arguments: [
        ("10.0.0.6", "10.0.0.6/32"),
        ("2001:db8::6", "2001:db8::6/128"),
        ("2001:0DB8:0000:0000:0000:0000:0000:0006", "2001:db8::6/128"),
        ("FE80:0:0:0:0:0:0:1", "fe80::1/128"),
        ("standby.example.com", "standby.example.com"),
        ("Standby1", "Standby1"),
    ])
    func secondaryHbaAddress(ip: String, expected: String) {
        #expect(derived(["SECONDARY_PG_IP": ip])["SECONDARY_HBA_ADDRESS"] == expected)
    }

    @Test(arguments: [nil, "", "10.0.0.6/32", "[::1]", "0.0.0.0", "10.0.0.5"] as [String?])
    func secondaryHbaAddressAbsentWhenInvalid(ip: String?) {
        // 10.0.0.5:5432 is the primary itself.
        #expect(derived(["SECONDARY_PG_IP": ip])["SECONDARY_HBA_ADDRESS"] == nil)
    }

    @Test(arguments: [
        ("/var/lib/postgresql/wal-archive", "'/var/lib/postgresql/wal-archive'"),
        ("/srv/wal archive/", "'/srv/wal archive'"),
        ("/srv/bob's wal", #"'/srv/bob'\''s wal'"#),
        ("/srv/100%wal", "'/srv/100%%wal'"),
        ("/srv/$HOME`x`", "'/srv/$HOME`x`'"),
    ])
    func archiveCommand(directory: String, quoted: String) {
        let expected = "test ! -f \(quoted)/%f && cp %p \(quoted)/%f.tmp && mv \(quoted)/%f.tmp \(quoted)/%f"
        #expect(derived(["REP_ARCHIVE": directory])["ARCHIVE_COMMAND"] == expected)
    }

    @Test(arguments: [nil, "", "relative", "/", "/a/../b"] as [String?])
    func archiveCommandAbsentWhenDirectoryInvalid(directory: String?) {
        #expect(derived(["REP_ARCHIVE": directory])["ARCHIVE_COMMAND"] == nil)
    }

    /// Runs the command the way the server would: PostgreSQL's placeholder
    /// pass, then /bin/sh. The awkward directory name must receive the file
    /// exactly once.
    @Test func archiveCommandCopiesIntoAnAwkwardDirectory() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let archive = base.appendingPathComponent("it's 100% $HOME `x`")
        try FileManager.default.createDirectory(at: archive, withIntermediateDirectories: true)
        let segment = base.appendingPathComponent("000000010000000000000001")
        try "wal".write(to: segment, atomically: true, encoding: .utf8)

        let command = try #require(derived(["REP_ARCHIVE": archive.path])["ARCHIVE_COMMAND"])
        let expanded = expandPlaceholders(command, path: segment.path, file: segment.lastPathComponent)
        #expect(try shell(expanded) == 0)
        let copied = archive.appendingPathComponent(segment.lastPathComponent)
        #expect(try String(contentsOf: copied, encoding: .utf8) == "wal")
        // The test ! -f guard: a second run must fail, not overwrite.
        #expect(try shell(expanded) != 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: archive.path) == [segment.lastPathComponent])
    }

    /// A copy that fails leaves nothing under the segment's name, so the
    /// server's next try is not refused by the guard; a partial .tmp from
    /// that failure is overwritten by the try that succeeds.
    @Test func aFailedCopyLeavesNoFinalNameAndTheRetryFinishes() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let archive = base.appendingPathComponent("archive")
        try FileManager.default.createDirectory(at: archive, withIntermediateDirectories: true)
        let segment = base.appendingPathComponent("000000010000000000000002")
        let command = try #require(derived(["REP_ARCHIVE": archive.path])["ARCHIVE_COMMAND"])
        let expanded = expandPlaceholders(command, path: segment.path, file: segment.lastPathComponent)
        // The source is not there yet: cp fails, as it would on a full disk.
        #expect(try shell(expanded) != 0)
        #expect(!FileManager.default.fileExists(atPath: archive.appendingPathComponent(segment.lastPathComponent).path))
        try "half".write(to: archive.appendingPathComponent(segment.lastPathComponent + ".tmp"), atomically: true, encoding: .utf8)
        try "whole segment".write(to: segment, atomically: true, encoding: .utf8)
        #expect(try shell(expanded) == 0)
        #expect(try String(contentsOf: archive.appendingPathComponent(segment.lastPathComponent), encoding: .utf8) == "whole segment")
        #expect(try FileManager.default.contentsOfDirectory(atPath: archive.path) == [segment.lastPathComponent])
    }

    @Test(arguments: [
        ("9.5", "main", "/var/lib/postgresql/9.5/main", "/etc/postgresql/9.5/main",
         "/var/log/postgresql/postgresql-9.5-main.log", "/usr/lib/postgresql/9.5/bin"),
        ("12", "prod", "/var/lib/postgresql/12/prod", "/etc/postgresql/12/prod",
         "/var/log/postgresql/postgresql-12-prod.log", "/usr/lib/postgresql/12/bin"),
        ("18", "main", "/var/lib/postgresql/18/main", "/etc/postgresql/18/main",
         "/var/log/postgresql/postgresql-18-main.log", "/usr/lib/postgresql/18/bin"),
        ("9.6", "/var/lib/pgsql/9.6/data", "/var/lib/pgsql/9.6/data", "/var/lib/pgsql/9.6/data",
         "/var/lib/pgsql/9.6/data/pg_log", "/usr/pgsql-9.6/bin"),
        ("10", "/var/lib/pgsql/10/data/", "/var/lib/pgsql/10/data", "/var/lib/pgsql/10/data",
         "/var/lib/pgsql/10/data/log", "/usr/pgsql-10/bin"),
        ("16", "/srv/pg data", "/srv/pg data", "/srv/pg data", "/srv/pg data/log", "/usr/pgsql-16/bin"),
    ])
    func hostPaths(version: String, cluster: String, data: String, conf: String, log: String, bin: String) {
        for prefix in ["PRIMARY", "SECONDARY"] {
            let values = derived(["PRIMARY_PG_VERSION": version, "SECONDARY_PG_VERSION": version,
                                  "\(prefix)_PG_CLUSTER": cluster])
            #expect(values["\(prefix)_PG_DATA"] == data)
            #expect(values["\(prefix)_PG_CONF_DIR"] == conf)
            #expect(values["\(prefix)_PG_LOG"] == log)
            #expect(values["\(prefix)_PG_BINDIR"] == bin)
        }
    }

    @Test func eachHostUsesItsOwnCluster() {
        let values = derived(["PRIMARY_PG_CLUSTER": "main", "SECONDARY_PG_CLUSTER": "/var/lib/pgsql/15/data"])
        #expect(values["PRIMARY_PG_DATA"] == "/var/lib/postgresql/15/main")
        #expect(values["SECONDARY_PG_DATA"] == "/var/lib/pgsql/15/data")
        // The data-directory cluster uses the binaries this machine has for
        // 15: PGDG's directory, else Debian's; the primary's stay Debian's.
        let debianBinaries = FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/15/bin/pg_ctl")
            && !FileManager.default.isExecutableFile(atPath: "/usr/pgsql-15/bin/pg_ctl")
        #expect(values["SECONDARY_PG_BINDIR"] == (debianBinaries ? "/usr/lib/postgresql/15/bin" : "/usr/pgsql-15/bin"))
        #expect(values["PRIMARY_PG_BINDIR"] == "/usr/lib/postgresql/15/bin")
    }

    @Test func aDataDirectoryClusterOfAMajorNotInstalledNamesPGDGsDirectory() {
        let values = derived(["PRIMARY_PG_VERSION": "11", "SECONDARY_PG_VERSION": "11", "PRIMARY_PG_CLUSTER": "/srv/pg11"])
        #expect(values["PRIMARY_PG_BINDIR"] == "/usr/pgsql-11/bin")
    }

    @Test(arguments: [
        ["SECONDARY_PG_CLUSTER": nil], ["SECONDARY_PG_CLUSTER": "-bad"], ["SECONDARY_PG_CLUSTER": "/a/./b"],
        ["SECONDARY_PG_VERSION": nil], ["SECONDARY_PG_VERSION": "16"], ["SECONDARY_PG_VERSION": "15.1"],
    ] as [[String: String?]])
    func secondaryPathsAbsentWhenTheirInputsAreNot(changes: [String: String?]) {
        let values = derived(changes)
        for suffix in ["DATA", "CONF_DIR", "LOG", "BINDIR"] {
            #expect(values["SECONDARY_PG_\(suffix)"] == nil)
            #expect(values["PRIMARY_PG_\(suffix)"] != nil)
        }
    }
}

/// PostgreSQL's own pass over archive_command: %p, %f, %% and nothing else.
private func expandPlaceholders(_ command: String, path: String, file: String) -> String {
    var result = ""
    var iterator = command.makeIterator()
    while let character = iterator.next() {
        guard character == "%" else { result.append(character); continue }
        switch iterator.next() {
        case "p": result += path
        case "f": result += file
        case "%": result += "%"
        case let other?: result += "%" + String(other)
        case nil: result += "%"
        }
    }
    return result
}

private func shell(_ command: String) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
