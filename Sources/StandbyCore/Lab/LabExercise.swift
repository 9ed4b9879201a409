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
        case .archiveNotWritable: ("verify", "archive-failed")
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
        default: []
        }
    }

    /// Answers that differ from a plain lab's.
    func answerOverrides(stateDirectory: String) -> [String: String] {
        switch self {
        // Documentation range: an address no lab machine has.
        case .missingHbaRule: ["SECONDARY_PG_IP": "192.0.2.10"]
        case .archiveNotWritable: ["REP_ARCHIVE": Self.lockedDirectory(in: stateDirectory) + "/wal-archive"]
        default: [:]
        }
    }

    /// Only root can make a directory the server's user cannot enter while
    /// the walkthrough's own mkdir and chown, run as root, still succeed.
    public var needsRoot: Bool { self == .archiveNotWritable }

    static func lockedDirectory(in stateDirectory: String) -> String {
        stateDirectory + "/root-only"
    }
}
