import Foundation
@testable import StandbyCore
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension SecondLabLine.FaultSuiteTests {
    /// psql processes still waiting on `port`.
    static func clientsWaiting(on port: Int) -> [String] {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return pids.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let argv = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return argv.first?.hasSuffix("psql") == true && argv.contains("\(port)") ? pid : nil
        }
    }

    /// A command waits on a server that never answers. Unattended, the
    /// step's timeout stops it and says the time ran out; on the screen the
    /// operator's Ctrl-C stops it and the step says the operator did. No
    /// client is left waiting either way, and r runs the step again.
    static func aServerThatNeverAnswers(_ p: Problems) throws {
        // A port that accepts connections and never says a word, as a hung
        // server or a proxy with nothing behind it does: the kernel
        // completes the handshake from the backlog, nobody reads.
        let port = try PortFinder.freePorts(1, excluding: [], startingAt: 59000).first ?? 59000
        let silent = try Listener(port: port)
        defer { silent.close() }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("silent-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        func screens(_ name: String, timeout: Int) throws -> String {
            let directory = scratch + "/" + name
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try """
                id: ask-silent
                title: Ask a server that never answers
                host: local
                text: Connects and waits for the server's first word.
                action:
                  command:
                    as: operator
                    run: psql -X -h 127.0.0.1 -p \(port) -U postgres -d postgres -c 'SELECT 1'
                    timeout: \(timeout)

                """.write(toFile: directory + "/010-ask.yaml", atomically: false, encoding: .utf8)
            return directory
        }
        let answers = scratch + "/answers.yaml"
        try "PRIMARY_PG_IP: 192.0.2.10\nPRIMARY_PG_VERSION: 15\nSECONDARY_PG_IP: 192.0.2.20\nSECONDARY_PG_VERSION: 15\nREP_USER: replicator\n"
            .appending("REP_USER_PW: silent-\(UUID().uuidString.prefix(8))\n")
            .write(toFile: answers, atomically: false, encoding: .utf8)
        // A journal of its own: other tests answer with the same addresses.
        let journals = ["--journal-dir", scratch + "/journals"]
        let environment = ProcessInfo.processInfo.environment.merging(["XDG_STATE_HOME": scratch + "/state"]) { $1 }

        let started = Date()
        let timedOut = try ChildProcess.run([BuiltBinary.path, "run", "--mode", "lab", "--answers", answers,
                                             "--screens", try screens("timeout", timeout: 2)] + journals, environment: environment)
        let took = Date().timeIntervalSince(started)
        p.expect(timedOut.status != 0, timedOut.output)
        p.expect(timedOut.output.contains("[diagnosis: \(CommandTimeout.diagnosisID)"), timedOut.output)
        // Well before libpq's own PGCONNECT_TIMEOUT (15 s) would end it.
        p.expect(took < 12, "the step took \(Int(took)) s to give up")
        p.expect(clientsWaiting(on: port).isEmpty, "a client outlived the timeout: \(clientsWaiting(on: port))")

        let session = try TmuxSession([BuiltBinary.path, "--answers", answers, "--screens", try screens("operator", timeout: 600)] + journals,
                                      environment: ["XDG_STATE_HOME": scratch + "/state"])
        try session.waitFor("Step 1 of 1")
        try session.press("Enter")
        try session.waitFor("y run it")
        try session.press("y")
        try session.waitFor("Ctrl-C interrupt")
        try session.press("C-c")
        let said = try session.waitFor("You interrupted it (Ctrl-C)")
        p.expect(!said.contains("No result after"), "an interruption is told as a timeout:\n\(said)")
        p.expect(clientsWaiting(on: port).isEmpty, "a client outlived Ctrl-C: \(clientsWaiting(on: port))")
        try session.press("r")
        try session.waitFor("Ctrl-C interrupt")
        try session.press("C-c")
        try session.waitFor("You interrupted it (Ctrl-C)")
        try session.press("q")
    }
}
