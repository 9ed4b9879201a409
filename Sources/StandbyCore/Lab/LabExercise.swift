/// One fault a trainer puts into the lab for a trainee to find through the
/// wizard's own checks. Each hides where faults hide on real servers, out of
/// the procedure's way, so that the walkthrough's edits do not repair it by
/// accident, and each names where the walkthrough should stop and why.
public enum LabExercise: String, CaseIterable, Codable, Sendable {
    case missingHbaRule = "missing-hba-rule"
    case wrongPassword = "wrong-password"
    case walLevelTooLow = "wal-level-too-low"
    case maxWalSendersZero = "max-wal-senders-0"
    case archiveNotWritable = "archive-not-writable"
    case primaryOnLocalhost = "primary-on-localhost"
    case strayRecoveryConf = "stray-recovery-conf"
    case wrongPrimaryPort = "wrong-primary-port"
    case lowMaxConnections = "low-max-connections"
    case md5Password = "md5-password"

    /// For `lab --list-exercises`: what is wrong, not how it shows; short
    /// enough for an 80-column console beside the name.
    public var summary: String {
        switch self {
        case .missingHbaRule:
            "no pg_hba.conf rule admits the standby's real address"
        case .wrongPassword:
            "the role exists already, with a password nobody knows"
        case .walLevelTooLow:
            "a start option forces wal_level = minimal on the primary"
        case .maxWalSendersZero:
            "a start option forces max_wal_senders = 0 on the primary"
        case .archiveNotWritable:
            "postgres cannot enter the WAL archive's directory (root)"
        case .primaryOnLocalhost:
            "a start option keeps the primary on localhost only"
        case .strayRecoveryConf:
            "an old recovery.conf sits in the primary's data directory"
        case .wrongPrimaryPort:
            "the answers give a port where no server listens"
        case .lowMaxConnections:
            "a conf.d file on the standby lowers max_connections"
        case .md5Password:
            "the postgres role hashes new passwords with md5"
        }
    }

    /// The step the walkthrough should stop at, and the diagnosis it gives
    /// there (a FailureCatalog id).
    public var expectedStop: (step: String, diagnosis: String) {
        switch self {
        case .missingHbaRule: ("secondary-replication-login", "hba-replication")
        case .wrongPassword: ("secondary-replication-login", "password-failed")
        case .walLevelTooLow: ("primary-restart", "wal-level-minimal")
        case .maxWalSendersZero: ("secondary-replication-login", "max-wal-senders")
        case .archiveNotWritable: ("preflight", "archive-writable")
        case .primaryOnLocalhost: ("secondary-reach-primary", "no-response")
        case .strayRecoveryConf: ("primary-restart", "recovery-conf-unsupported")
        case .wrongPrimaryPort: ("preflight", "primary-port")
        case .lowMaxConnections: ("preflight", "standby-settings")
        case .md5Password: ("secondary-replication-login", "password-failed")
        }
    }

    /// Settings given on the primary's command line, which outrank every
    /// configuration file. A bulk load's recipe turns WAL down this way;
    /// minimal needs max_wal_senders 0 too, or the server would not start
    /// before the exercise begins.
    var primaryStartSettings: [(String, String)] {
        switch self {
        case .walLevelTooLow: [("wal_level", "minimal"), ("max_wal_senders", "0")]
        case .maxWalSendersZero: [("max_wal_senders", "0")]
        // localhost, not 127.0.0.1: the value a hardened default carries.
        case .primaryOnLocalhost: [("listen_addresses", "localhost")]
        default: []
        }
    }

    /// Answers that differ from a plain lab's. `sparePort` is free and no
    /// cluster's, so a wrong port never reaches another server (main).
    func answerOverrides(stateDirectory: String, sparePort: Int?) -> [String: String] {
        switch self {
        // Another address of this machine's loopback: the primary's "real"
        // address as the standby sees it, which a server listening on
        // localhost (127.0.0.1) does not answer.
        case .primaryOnLocalhost: ["PRIMARY_PG_IP": Self.primaryRealAddress]
        case .wrongPrimaryPort: sparePort.map { ["PRIMARY_PG_PORT": "\($0)"] } ?? [:]
        // Documentation range: an address no lab machine has.
        case .missingHbaRule: ["SECONDARY_PG_IP": "192.0.2.10"]
        case .archiveNotWritable: ["REP_ARCHIVE": Self.lockedDirectory(in: stateDirectory) + "/wal-archive"]
        default: [:]
        }
    }

    /// Only root can make a directory the server's user cannot enter while
    /// the walkthrough's own mkdir and chown, run as root, still succeed.
    public var needsRoot: Bool { self == .archiveNotWritable }

    /// Only Debian's layout keeps the standby's configuration outside its
    /// data directory; in the other the copy brings the primary's.
    public var needsDebianLayout: Bool { self == .lowMaxConnections }

    /// The first major where the fault shows: recovery.conf stops a server
    /// from 12 on; the rule asks for scram-sha-256 from 14 on.
    public var oldestMajor: Int {
        switch self {
        case .strayRecoveryConf: 12
        case .md5Password: 14
        default: 0
        }
    }

    static let primaryRealAddress = "127.0.0.2"

    static func lockedDirectory(in stateDirectory: String) -> String {
        stateDirectory + "/root-only"
    }

    /// The exercises a lab made here can hold, for `--exercise random`.
    public static func available(isRoot: Bool, debianLayout: Bool, major: String) -> [LabExercise] {
        let number = Double(major) ?? 0
        return allCases.filter { exercise in
            (!exercise.needsRoot || isRoot) && (!exercise.needsDebianLayout || debianLayout) && number >= Double(exercise.oldestMajor)
        }
    }
}
