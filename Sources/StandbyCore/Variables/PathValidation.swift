enum PathValidation {
    static func checkAbsolute(_ path: String) -> Result<String, InvalidValue> {
        if path.isEmpty { return .failure("enter an absolute path") }
        if path.unicodeScalars.contains(where: PasswordValidation.isControl) {
            return .failure("no control characters (newline, tab and such)")
        }
        guard path.hasPrefix("/") else { return .failure("must be an absolute path, starting with /") }
        let components = path.split(separator: "/")
        if components.isEmpty { return .failure("/ itself cannot be used") }
        if components.contains(where: { $0 == "." || $0 == ".." }) {
            return .failure("no . or .. in the path")
        }
        return .success(path)
    }

    /// A Debian cluster name as pg_createcluster accepts it, or an absolute
    /// data directory path for installations that keep config there.
    static func checkCluster(_ text: String) -> Result<String, InvalidValue> {
        if text.hasPrefix("/") { return checkAbsolute(text) }
        if text.isEmpty { return .failure("enter a cluster name (main) or a data directory") }
        if text.contains("/") { return .failure("a name has no /; a path must start with /") }
        guard text.unicodeScalars.allSatisfy(isClusterNameScalar) else {
            return .failure("cluster names use letters, digits, _ . and - only")
        }
        if text.hasPrefix("-") || text.hasPrefix(".") {
            return .failure("a cluster name cannot start with - or .")
        }
        if text.count > 64 { return .failure("a cluster name has at most 64 characters") }
        return .success(text)
    }

    private static func isClusterNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "_" || scalar == "." || scalar == "-"
    }
}
