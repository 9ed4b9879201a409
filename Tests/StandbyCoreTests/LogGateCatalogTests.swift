import Foundation
import StandbyCore
import Testing

/// Catalogue entries whose wording only other versions (or situations a
/// test machine cannot stage) produce. Every line below is QUOTED FROM
/// /work/shared/reference/postgres-standby-facts.md §3, not from a server
/// of this machine; entries proven on real PostgreSQL 15 logs are in
/// LogGateServerTests.
@Suite("Failure catalogue on quoted log lines")
struct LogGateCatalogTests {
    static let quoted: [(String, String)] = [
        ("2017-06-01 10:16:40 UTC [2901-1] repuser@[unknown] FATAL:  password authentication failed for user \"repuser\"", "password-failed"),
        ("2024-05-02 09:15:41.552 UTC [1907] repuser@[unknown] FATAL:  no pg_hba.conf entry for replication connection from host \"10.0.0.12\", user \"repuser\", no encryption", "hba-replication"),
        ("2024-05-02 09:15:41.552 UTC [1907] FATAL:  could not receive data from WAL stream: ERROR:  requested WAL segment 0000000100000000000000AB has already been removed", "wal-removed"),
        ("2024-05-02 09:15:41.552 UTC [1907] FATAL:  database system identifier differs between the primary and standby", "system-identifier"),
        ("2024-05-02 09:15:41.552 UTC [1907] FATAL:  number of requested standby connections exceeds max_wal_senders (currently 10)", "max-wal-senders"),
        ("2024-05-02 09:15:41.552 UTC [1907] repuser@[unknown] FATAL:  too many connections for role \"repuser\"", "role-connection-limit"),
        ("2024-05-02 09:15:41.552 UTC [1907] repuser@[unknown] FATAL:  must be superuser or replication role to start walsender", "no-replication-attribute"),
        ("2024-05-02 09:15:41.552 UTC [1907] repuser@[unknown] FATAL:  permission denied to start WAL sender", "no-replication-attribute"),
        // 17/18 wording: ERROR level, receiver named.
        ("2024-05-02 09:15:41.552 UTC [1907] ERROR:  streaming replication receiver \"walreceiver\" could not connect to the primary server: connection to server at \"10.0.0.11\", port 5432 failed: Connection refused", "primary-unreachable"),
        ("2024-05-02 09:15:41.552 UTC [1907] WARNING:  archiving write-ahead log file \"000000010000000000000005\" failed too many times, will try again later", "archive-failed"),
        // 9.x wording.
        ("2017-06-01 10:15:02 UTC [2817-1] WARNING:  archiving transaction log file \"000000010000000000000005\" failed too many times, will try again later", "archive-failed"),
        ("2024-05-02 09:15:41.552 UTC [1907] FATAL:  using recovery command file \"recovery.conf\" is not supported", "recovery-conf-unsupported"),
        ("2024-05-02 09:15:41.552 UTC [1907] FATAL:  hot standby is not possible because max_connections = 80 is a lower setting than on the master server (its value was 100)", "standby-settings-too-low"),
        ("2024-05-02 09:15:41.552 UTC [1907] FATAL:  recovery aborted because of insufficient parameter settings", "standby-settings-too-low"),
        ("2024-05-02 09:15:41.552 UTC [1907] LOG:  could not bind IPv4 address \"10.0.0.99\": Cannot assign requested address", "cannot-bind"),
        ("2024-05-02 09:15:41.552 UTC [1907] PANIC:  could not write to file \"pg_wal/xlogtemp.1907\": No space left on device", "panic"),
    ]

    @Test(arguments: quoted)
    func quotedLineIsRecognised(line: String, id: String) {
        let entries = LogParser.entries(of: line, prefix: .debianCurrent)
        let old = LogParser.entries(of: line, prefix: .debianOld)
        // The line parses under whichever Debian prefix wrote it.
        let entry = (entries.first?.severity != nil ? entries : old).first
        #expect(entry?.severity != nil, "no severity found in \(line)")
        #expect(entry.flatMap(FailureCatalog.match)?.id == id)
    }

    /// Wording taken from PostgreSQL's source (ReadControlFile in xlog.c),
    /// since no machine here has a second architecture to stage it on.
    static let fromSource: [(String, String)] = [
        ("2024-05-02 09:15:41.552 UTC [1907] FATAL:  database files are incompatible with server", "incompatible-files"),
    ]

    @Test(arguments: fromSource)
    func sourceWordingIsRecognised(line: String, id: String) {
        let entry = LogParser.entries(of: line, prefix: .debianCurrent).first
        #expect(entry.flatMap(FailureCatalog.match)?.id == id)
    }

    @Test func everyCatalogueEntryIsTestedSomewhere() {
        let real = ["invalid-value", "unknown-parameter", "config-syntax", "config-errors", "port-in-use",
                    "archive-failed", "hba-replication", "password-failed", "no-replication-attribute",
                    "system-identifier", "primary-unreachable", "cannot-bind",
                    // From a real PostgreSQL 15 refusing to start: the lab
                    // exercise wal-level-too-low (LabExerciseTests).
                    "wal-level-minimal",
                    // Every major's wording from the sources, in
                    // ServerMessageTextsTests (15's and 18's checked
                    // against the real binaries).
                    "hba-rejects", "password-missing", "slot-missing", "standby-wal-level", "archive-library-set"]
        let covered = Set(Self.quoted.map(\.1) + Self.fromSource.map(\.1) + real)
        for entry in FailureCatalog.entries {
            #expect(covered.contains(entry.id), "\(entry.id) has no test line")
        }
    }

    @Test func bothReadOnlyWordingsCount() {
        for line in ["2017-06-01 10:15:02 UTC [2817-1] LOG:  database system is ready to accept read only connections",
                     "2024-05-02 09:14:03.118 UTC [812] LOG:  database system is ready to accept read-only connections"] {
            let entries = LogParser.entries(of: line, prefix: .debianOld).first?.severity == nil
                ? LogParser.entries(of: line, prefix: .debianCurrent) : LogParser.entries(of: line, prefix: .debianOld)
            #expect(GateSignals.pattern(for: .readOnlyConnections).matches(entries[0]), "\(line)")
            #expect(!GateSignals.pattern(for: .acceptingConnections).matches(entries[0]))
        }
    }

    @Test func aWarningAboutWordsIsNotASignal() {
        // A client's statement quoting the words must not pass the gate.
        let line = "2024-05-02 09:14:03.118 UTC [900] bob@db ERROR:  relation \"entering standby mode\" does not exist"
        let entry = LogParser.entries(of: line, prefix: .debianCurrent)[0]
        #expect(!GateSignals.pattern(for: .standbyMode).matches(entry))
    }
}
