/// How the primary stores a role's password, read from pg_authid (as the
/// superuser): a scram-sha-256 rule in pg_hba.conf refuses a password kept
/// as an md5 hash, which a role keeps after pg_upgrade, or when it was set
/// under password_encryption = md5, until its password is set again.
public enum StoredPassword {
    public enum Kind: String, Sendable, Equatable {
        case md5
        case scram = "scram-sha-256"
    }

    /// The query's answer: md5, scram-sha-256, or empty (no such role, no
    /// password, or a plain-text one from before 10).
    static func query(role: String) -> String {
        let name = role.replacingOccurrences(of: "'", with: "''")
        return """
            SELECT CASE WHEN rolpassword LIKE 'md5%' THEN 'md5' \
            WHEN rolpassword LIKE 'SCRAM-SHA-256$%' THEN 'scram-sha-256' ELSE '' END \
            FROM pg_authid WHERE rolname = '\(name)'
            """
    }

    /// The kind of hash `role` has on `primary`; nil when it has none or
    /// the catalogue cannot be read.
    public static func kind(of role: String, on primary: ClusterSQL) -> Kind? {
        (try? primary.query(query(role: role))).flatMap(Kind.init(rawValue:))
    }

    /// What to say when the rule's method refuses the stored hash.
    static func conflict(role: String, kind: Kind?, method: String) -> String? {
        guard kind == .md5, method == Kind.scram.rawValue else { return nil }
        return "The role \(role) has its password stored as an md5 hash (pg_authid), which this scram-sha-256 rule refuses: the standby would get \"password authentication failed\". Store it again as SCRAM on the primary before the standby logs in: SET password_encryption = 'scram-sha-256'; then \\password \(role) in psql (and look for an md5 password_encryption set for the role or database: \\drds). Or edit this rule (e) to use md5, which accepts both."
    }
}
