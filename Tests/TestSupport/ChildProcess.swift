import StandbyCore

/// Runs a program to completion for a test, stdout and stderr together.
/// The work is the core's Subprocess (posix_spawn with a clean signal mask,
/// output through files, waitpid).
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
    }

    public static func run(_ argv: [String], environment: [String: String]? = nil) throws -> Result {
        let output = try Subprocess.run(argv, environment: environment, mergeOutput: true)
        return Result(status: output.exitStatus, output: output.stdout)
    }
}
