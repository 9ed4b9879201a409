/// `$VARIABLE` substitution in screen texts, commands and settings.
public enum Template {
    /// Replaces each `$NAME` with its value. Names in `masked` are replaced by
    /// a row of asterisks instead (the password). `$$` is a literal `$`.
    /// References without a value are left as written.
    public static func substitute(_ text: String, values: [String: String], masked: Set<String> = []) -> String {
        // CONTRACT STUB: replaced by the real implementation (see brief).
        text
    }
}
