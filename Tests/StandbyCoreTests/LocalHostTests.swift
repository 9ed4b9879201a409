import Foundation
import Testing
@testable import StandbyCore

struct LocalHostTests {
    private let host = LocalHost()

    @Test func argumentsReachTheCommandUntouchedByAShell() throws {
        let tricky = ["a b", "it's", "$HOME", "`id`", "; rm -rf /", "*"]
        let output = try host.run(["printf", "%s\\n"] + tricky, environment: nil)
        #expect(output.exitStatus == 0)
        #expect(output.stdout == tricky.map { $0 + "\n" }.joined())
        #expect(output.stderr.isEmpty)
    }

    @Test func exitStatusAndStderrAreKept() throws {
        let output = try host.run(["/bin/sh", "-c", "echo out; echo err >&2; exit 3"], environment: nil)
        #expect(output == CommandOutput(exitStatus: 3, stdout: "out\n", stderr: "err\n"))
        #expect(!output.succeeded)
    }

    @Test func environmentReplacesTheInheritedOne() throws {
        let output = try host.run(["/usr/bin/env"], environment: ["ONLY": "this"])
        #expect(output.stdout == "ONLY=this\n")
    }

    @Test func largeOutputOnBothStreamsDoesNotHang() throws {
        let script = "head -c 300000 /dev/zero | tr '\\0' e >&2; head -c 300000 /dev/zero | tr '\\0' o"
        let output = try host.run(["/bin/sh", "-c", script], environment: nil)
        #expect(output.stdout.count == 300_000)
        #expect(output.stderr.count == 300_000)
    }

    @Test func standardInputIsEmpty() throws {
        let output = try host.run(["cat"], environment: nil)
        #expect(output == CommandOutput(exitStatus: 0, stdout: "", stderr: ""))
    }

    @Test func missingCommandsAreErrors() {
        #expect(throws: HostAccessError.emptyCommand) { try host.run([], environment: nil) }
        #expect(throws: HostAccessError.commandNotFound("no-such-command-xyz")) {
            try host.run(["no-such-command-xyz"], environment: nil)
        }
        #expect(throws: HostAccessError.self) { try host.run(["/nonexistent/tool"], environment: nil) }
    }

    @Test func filesAreReadAndProbed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("host-\(UUID().uuidString)").path
        #expect(!host.fileExists(path))
        #expect(throws: HostAccessError.cannotRead(path)) { try host.readFile(path) }
        try "content\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(host.fileExists(path))
        #expect(try host.readFile(path) == "content\n")
    }
}
