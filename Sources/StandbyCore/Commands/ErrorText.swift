/// A program's error output as one line: the first line states the cause
/// and the lines after it (psql's tab-indented hint, a DETAIL) follow it
/// after a semicolon, so that whoever prints "Error: ..." says it once and
/// a caller taking the last line of the output does not get half of it.
public enum ErrorText {
    public static func oneLine(_ output: String) -> String {
        output.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }
}
