/// A problem with an answers file, located as FILE:LINE so editors and
/// terminals can jump to it. Reasons never contain the password.
public struct AnswersFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// Absent when the problem is not on a line: the file cannot be read, or
    /// the password came from the environment.
    public let line: Int?
    public let reason: String

    public init(file: String, line: Int?, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        if let line { return "\(file):\(line): \(reason)" }
        return "\(file): \(reason)"
    }
}
