/// Where the replication password comes from when the wizard runs from an
/// answers file: the file itself, or (to keep it out of the file) the
/// environment, directly or through a file the environment names.
enum PasswordSource {
    static let environmentName = "REP_USER_PW"
    static let fileEnvironmentName = "REP_USER_PW_FILE"

    struct Resolved {
        let password: String
        /// Words for error messages: where the value came from.
        let origin: String
        let line: Int?
    }

    /// At most one source may be set: with two, whichever "won" would
    /// surprise someone, so the ambiguity is refused.
    static func resolve(fileValue: (text: String, line: Int)?, environment: [String: String],
                        readFile: (String) throws -> String, answersFile: String) throws -> Resolved? {
        var origins: [String] = []
        if let fileValue { origins.append("\(answersFile) line \(fileValue.line)") }
        if environment[environmentName] != nil { origins.append("environment variable \(environmentName)") }
        if environment[fileEnvironmentName] != nil { origins.append("environment variable \(fileEnvironmentName)") }
        if origins.count > 1 {
            throw AnswersFileError(file: answersFile, line: fileValue?.line,
                                   reason: "password given more than once (\(origins.joined(separator: ", "))); keep one")
        }
        if let fileValue {
            return Resolved(password: fileValue.text, origin: "REP_USER_PW", line: fileValue.line)
        }
        if let value = environment[environmentName] {
            return Resolved(password: value, origin: "password from \(environmentName)", line: nil)
        }
        if let path = environment[fileEnvironmentName] {
            let text: String
            do {
                text = try readFile(path)
            } catch {
                throw AnswersFileError(file: answersFile, line: nil,
                                       reason: "cannot read the password file \(path) named by \(fileEnvironmentName)")
            }
            return Resolved(password: strippingOneNewline(text), origin: "password from \(path)", line: nil)
        }
        return nil
    }

    /// `echo secret > file` leaves one newline that is not part of the
    /// password; a CRLF from a Windows editor is one newline too. Anything
    /// beyond that is kept so the validator can refuse it.
    static func strippingOneNewline(_ text: String) -> String {
        // "\r\n" is a single Character in Swift, so this also covers CRLF.
        text.hasSuffix("\n") || text.hasSuffix("\r\n") ? String(text.dropLast()) : text
    }
}
