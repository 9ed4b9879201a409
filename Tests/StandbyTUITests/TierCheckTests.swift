import Foundation
import TestSupport
import Testing

/// `.dev/tiers-ran`, which CI runs over the whole suite's output, must
/// refuse a run where the root tier skipped, was cancelled or is missing.
@Suite("CI refuses a run where the root tier did not run")
struct TierCheckTests {
    static let script = BuiltBinary.repositoryRoot.appendingPathComponent(".dev/tiers-ran").path
    static let required = ["Labs", "Labs, second line", "createuser answers its password prompts through the terminal",
                           "The password file under sudo, run for real", "The real binary in tmux",
                           "Temporary password files go however the wizard ends"]

    static var complete: [String] {
        ["◇ Test run started.", "✔ Test aFailedCommandBlocksNextUntilSkippedByTypingTheWord() passed after 0.1 seconds."]
            + required.map { "✔ Suite \"\($0)\" passed after 1.0 seconds." }
            + ["✔ Test run with 500 tests in 90 suites passed after 240.0 seconds."]
    }

    func check(_ lines: [String]) throws -> ChildProcess.Result {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("tiers-\(UUID().uuidString).log").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: log, atomically: false, encoding: .utf8)
        defer { unlink(log) }
        return try ChildProcess.run(["/bin/bash", Self.script, log])
    }

    @Test func aCompleteRunPasses() throws {
        let result = try check(Self.complete)
        #expect(result.status == 0, "\(result.output)")
    }

    // By index: the arguments are shown in the very output this script
    // reads, and must not look like a skip there.
    static let skips = [
        "➜ Test theWholeLabEndsOnAPassedVerification() skipped: \"needs root and Debian's pg_createcluster\"",
        "➜ Test roleIsCreatedAndThePasswordNeverLeaks() was cancelled after 0.001 seconds: \"no server\"",
        "➜ Suite \"The real binary in tmux\" skipped: \"tmux is not installed\"",
        "➜ Test matchesDiffUOnPlainCases() skipped.",
    ]

    @Test(arguments: skips.indices)
    func aSkipFails(_ index: Int) throws {
        let line = Self.skips[index]
        let result = try check(Self.complete + [line])
        #expect(result.status == 1)
        #expect(result.output.contains(line), "\(result.output)")
    }

    /// A test case's announcement quotes its arguments, which may read
    /// like anything.
    @Test func anArgumentThatReadsLikeASkipIsNotOne() throws {
        let line = "◇ Test case passing 1 argument line → \"➜ Test x() skipped: \"why\"\" to aSkipFails(_:) started."
        let result = try check(Self.complete + [line])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(arguments: required)
    func aMissingSuiteFails(_ suite: String) throws {
        let result = try check(Self.complete.filter { !$0.contains("\"\(suite)\"") })
        #expect(result.status == 1)
        #expect(result.output.contains("suite \"\(suite)\" did not run to a pass"), "\(result.output)")
    }
}
