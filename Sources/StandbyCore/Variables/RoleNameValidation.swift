/// The replication role's name appears bare in SQL, createuser's argument,
/// pg_hba.conf, primary_conninfo and .pgpass. Only names that mean the same
/// unquoted in all of them are accepted, so no screen has to quote it.
enum RoleNameValidation {
    /// PostgreSQL's own limit (NAMEDATALEN - 1); longer names are truncated.
    static let maxBytes = 63

    static func check(_ name: String) -> Result<String, InvalidValue> {
        if name.isEmpty { return .failure("enter a role name") }
        if name.unicodeScalars.contains(where: { $0.properties.isWhitespace }) {
            return .failure("spaces are not allowed")
        }
        guard name.unicodeScalars.allSatisfy({ isPortable($0) || ("A"..."Z").contains($0) }) else {
            return .failure("use only a-z, 0-9 and _")
        }
        if name.contains(where: \.isUppercase) {
            return .failure("upper case would need quoting; use lower case")
        }
        if let first = name.first, first.isNumber { return .failure("must not start with a digit") }
        if name.utf8.count > maxBytes { return .failure("at most \(maxBytes) characters") }
        if name.hasPrefix("pg_") { return .failure("names starting with pg_ are reserved by PostgreSQL") }
        if reservedRoleNames.contains(name) { return .failure("\"\(name)\" is reserved by PostgreSQL") }
        if hbaKeywords.contains(name) { return .failure("\"\(name)\" is a keyword in pg_hba.conf") }
        if sqlReservedKeywords.contains(name) { return .failure("\"\(name)\" is an SQL reserved word") }
        if name == "postgres" { return .failure("use a separate role, not the superuser postgres") }
        return .success(name)
    }

    private static func isPortable(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }

    /// CREATE ROLE refuses these (they name pseudo-roles or role specifiers).
    static let reservedRoleNames: Set<String> = ["public", "none", "current_user", "session_user", "current_role"]

    /// Words pg_hba.conf reads as keywords in the user or database column.
    static let hbaKeywords: Set<String> = ["all", "replication", "samerole", "samegroup", "sameuser"]

    /// PostgreSQL's fully reserved key words (kwlist.h, RESERVED_KEYWORD):
    /// `CREATE ROLE user` is a syntax error. Other keyword classes are
    /// accepted as role names, so they are not listed.
    static let sqlReservedKeywords: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
        "check", "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role",
        "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do",
        "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
        "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
        "null", "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning", "select",
        "session_user", "some", "symmetric", "system_user", "table", "then", "to", "trailing", "true", "union",
        "unique", "user", "using", "variadic", "when", "where", "window", "with",
    ]
}
