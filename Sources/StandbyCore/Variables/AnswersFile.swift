import Foundation
import Yams

/// Answers given ahead of time in a YAML file, one `NAME: value` per line,
/// with the names of `VariableCatalog.inputs`. A file with only comments is
/// a valid empty set of answers; a key set to nothing (`KEY:` or `~`) is
/// left unanswered.
public enum AnswersFile {
    /// Whether the environment gives the replication password at all
    /// (REP_USER_PW or REP_USER_PW_FILE).
    public static func environmentGivesPassword(_ environment: [String: String]) -> Bool {
        environment[PasswordSource.environmentName] != nil || environment[PasswordSource.fileEnvironmentName] != nil
    }

    public static func load(path: String, environment: [String: String]) throws -> Answers {
        let yaml = try readText(path)
        return try parse(yaml: yaml, file: path, environment: environment) {
            try String(contentsOfFile: $0, encoding: .utf8)
        }
    }

    /// The file's text, or the one real reason it cannot be had.
    static func readText(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AnswersFileError(file: path, line: nil, reason: "no such file")
        }
        if isDirectory.boolValue { throw AnswersFileError(file: path, line: nil, reason: "a directory, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnswersFileError(file: path, line: nil, reason: "cannot be read (\(SystemError.text(access(path, R_OK) == 0 ? EIO : errno)))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AnswersFileError(file: path, line: nil, reason: "not UTF-8 text")
        }
        return text
    }

    public static func parse(yaml: String, file: String, environment: [String: String],
                             readFile: (String) throws -> String) throws -> Answers {
        let entries = try AnswersYAML.entries(yaml: yaml, file: file)
        var values: [String: String] = [:]
        var lines: [String: Int] = [:]
        for entry in entries where entry.name != Answers.passwordName {
            values[entry.name] = entry.value
            lines[entry.name] = entry.line
        }
        let filePassword = entries.first { $0.name == Answers.passwordName }.map { (text: $0.value, line: $0.line) }
        let password = try PasswordSource.resolve(fileValue: filePassword, environment: environment,
                                                  readFile: readFile, answersFile: file)
        if let password { values[Answers.passwordName] = password.password }

        let answers = Answers(values)
        for entry in entries.sorted(by: { $0.line < $1.line }) where entry.name != Answers.passwordName {
            if let reason = VariableValidator.check(entry.name, value: entry.value, answers: answers).reason {
                throw AnswersFileError(file: file, line: entry.line, reason: "\(entry.name): \(reason)")
            }
        }
        if let password,
           let reason = VariableValidator.check(Answers.passwordName, value: password.password, answers: answers).reason {
            throw AnswersFileError(file: file, line: password.line, reason: "\(password.origin): \(reason)")
        }
        return answers
    }
}
