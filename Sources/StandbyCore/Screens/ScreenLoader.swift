/// A problem found in screens/, reported as FILE:LINE: reason.
public struct ScreenProblem: Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String
    public init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }
    public var description: String { "\(location): \(message)" }
}

public enum ScreenLoader {
    /// Loads every *.yaml / *.yml file of `directory` in file-name order.
    /// Screens with problems are left out of `screens`; every problem is
    /// reported.
    public static func load(directory: String) -> (screens: [ScreenDefinition], problems: [ScreenProblem]) {
        // CONTRACT STUB: replaced by the real implementation (see brief).
        ([], [])
    }
}
