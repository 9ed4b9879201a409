/// Checks the wizard makes itself, through the host seam, before a step
/// whose command is the one the procedure gives and an operator would type
/// (`createuser --replication -c 5 -P $REP_USER`, `apt-get install
/// postgresql-15`). What is already so is said in words and the command is
/// not run, instead of hiding the check inside a shell `if` on screen.
public enum PrerequisiteGuard {
    /// Before createuser: is the replication role on the primary already?
    /// A role found is left as it is, its password too.
    public static func replicationRole(values: [String: String], hosts: any HostResolver) -> StandbyDirectoryGuard.Verdict {
        guard let user = values["REP_USER"], !user.isEmpty else {
            return .refused(["the replication role is not answered yet"])
        }
        let literal = "'" + user.replacingOccurrences(of: "'", with: "''") + "'"
        do {
            let found = try ClusterSQL(role: .primary, values: values, hosts: hosts)
                .query("SELECT 1 FROM pg_roles WHERE rolname = \(literal)")
            if found == "1" {
                return .alreadyDone(["role \(user) exists already on the primary: left as it is, its password too"])
            }
            return .clear(["no role \(user) on the primary yet: createuser makes it"])
        } catch {
            // The primary may not answer yet; createuser then says itself
            // whether the role exists.
            return .clear(["could not look for role \(user) on the primary (\(error))"])
        }
    }

    /// Before apt-get: is the answered major's server installed on the
    /// standby host already?
    public static func standbyServer(values: [String: String], hosts: any HostResolver) -> StandbyDirectoryGuard.Verdict {
        guard let binaries = values["SECONDARY_PG_BINDIR"], let version = values["SECONDARY_PG_VERSION"] else {
            return .refused(["the standby's version is not answered yet"])
        }
        let postgres = binaries + "/postgres"
        if hosts.host(for: .secondary).fileExists(postgres) {
            return .alreadyDone(["PostgreSQL \(version) is installed already (\(postgres)): nothing to install"])
        }
        return .clear(["no \(postgres) on the standby host: apt-get installs postgresql-\(version)"])
    }
}
