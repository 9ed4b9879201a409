import TestSupport

/// Output of a /bin/sh line, for tests that check what the shell makes of
/// a line the wizard built.
enum ChildProcessShell {
    static func run(_ line: String) throws -> String {
        try ChildProcess.run(["/bin/sh", "-c", line]).output
    }
}
