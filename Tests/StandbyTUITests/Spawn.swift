import TestSupport

/// Kept as the name the TUI tests use; the work is ChildProcess's.
enum Spawn {
    typealias Result = ChildProcess.Result

    static func run(_ argv: [String]) throws -> Result {
        try ChildProcess.run(argv)
    }
}
