enum PasswordValidation {
    /// createuser -P up to PostgreSQL 13 and pg_basebackup's password prompt
    /// of the same era read at most 99 bytes (simple_prompt with a 100-byte
    /// buffer) and cut the rest silently, so a longer password would be
    /// stored differently from what the operator typed.
    static let maxBytes = 99

    static func check(_ password: String) -> Result<String, InvalidValue> {
        if password.isEmpty { return .failure("enter a password") }
        if password.unicodeScalars.contains(where: isControl) {
            return .failure("no control characters (tab, newline and such)")
        }
        if password.utf8.count > maxBytes {
            return .failure("too long: older createuser -P reads only 99 bytes")
        }
        return .success(password)
    }

    /// C0, DEL and C1: they cannot be typed reliably at a password prompt
    /// and break the line-based .pgpass file.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
