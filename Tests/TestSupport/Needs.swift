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
