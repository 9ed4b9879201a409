import Foundation
@testable import StandbyCore
import Testing

/// The pieces of a host over ssh that need no host: the destination as
/// typed, ssh's own complaints, the remote stat line, and the checksum the
/// remote write compares against (checked against the real `cksum`).
@Suite("ssh hosts, piece by piece")
struct SshPartsTests {
    @Test(arguments: ["db1", "root@db1", "admin@192.0.2.10", "root@2001:db8::1", "ssh://admin@db1:2222", "ssh://root@[2001:db8::1]:22", "ssh://db1"])
    func destinationsOperatorsWrite(_ text: String) throws {
        #expect(throws: Never.self) { try SshDestination.parse(text).get() }
    }

    @Test(arguments: [("", "enter local"), ("local", "local is this machine"), ("root @db1", "no spaces"),
                      ("-oProxyCommand=x", "cannot start with -"), ("a@b@c", "one @"), ("root@", "host is missing"),
                      ("@db1", "user is missing"), ("ssh://root@db1:0", "1 to 65535"), ("ssh://root@db1:ssh", "1 to 65535"),
                      ("root@db1/x", "holds no /")])
    func destinationsRefusedWithTheReason(_ text: String, _ reason: String) {
        guard case .failure(let problem) = SshDestination.parse(text) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(problem.reason.contains(reason), "\(text): \(problem.reason)")
    }

    @Test func hostAndPortOfADestination() throws {
        let plain = try SshDestination.parse("admin@db1").get()
        #expect(plain.hostName == "db1")
        #expect(plain.port == nil)
        let uri = try SshDestination.parse("ssh://root@[2001:db8::1]:2222").get()
        #expect(uri.hostName == "2001:db8::1")
        #expect(uri.port == 2222)
        #expect(SshDestination.from(answer: "local") == nil)
        #expect(SshDestination.from(answer: nil) == nil)
        #expect(SshDestination.from(answer: "root@db1")?.text == "root@db1")
    }

    @Test(arguments: [
        ("Host key verification failed.", SshProblem.Kind.hostKeyUnknown),
        ("No ED25519 host key is known for 192.0.2.1 and you have requested strict checking.\nHost key verification failed.", .hostKeyUnknown),
        ("@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.", .hostKeyChanged),
        ("root@192.0.2.1: Permission denied (publickey).", .authentication),
        ("ssh: connect to host 192.0.2.1 port 2222: Connection refused", .refused),
        ("ssh: connect to host 192.0.2.1 port 22: No route to host", .unreachable),
        ("ssh: connect to host 192.0.2.1 port 22: Connection timed out", .timedOut),
        ("ssh: Could not resolve hostname db9: Name or service not known", .nameUnknown),
        ("Timeout, server 192.0.2.1 not responding.", .lost),
        ("client_loop: send disconnect: Broken pipe", .lost),
        ("something else entirely", .other),
    ])
    func sshComplaintsAreReadForWhatTheyMean(_ said: String, _ kind: SshProblem.Kind) throws {
        let destination = try SshDestination.parse("root@192.0.2.1").get()
        let problem = SshProblem.classify(said, destination: destination)
        #expect(problem.kind == kind, "\(said)")
        #expect(!problem.description.isEmpty)
    }

    @Test func aCommandCutBySshIsDiagnosedAndAProgramsOwn255IsNot() throws {
        let destination = try SshDestination.parse("root@192.0.2.1").get()
        let cut = SshProblem.diagnosis(output: ["| copying", "Timeout, server 192.0.2.1 not responding."], destination: destination)
        #expect(cut?.failureID == SshProblem.diagnosisID)
        #expect(cut?.explanation.contains("was lost in the middle of the step") == true)
        #expect(SshProblem.diagnosis(output: ["the program's own failure"], destination: destination) == nil)
    }

    @Test func theRemoteStatLineGivesTheFileInfo() throws {
        let info = try #require(RemoteStat.parse("104 108 81a0 4242 1796162493 2026-12-02 04:01:33.407984770 +0000\n"))
        #expect(info.owner == 104)
        #expect(info.group == 108)
        #expect(info.permissions == 0o640)
        #expect(info.isRegularFile && !info.isDirectory)
        #expect(info.size == 4242)
        #expect(info.modifiedSeconds == 1796162493)
        #expect(info.modifiedNanoseconds == 407984770)
        let directory = try #require(RemoteStat.parse("0 0 41c0 4096 1796162493 2026-12-02 04:01:33 +0000"))
        #expect(directory.isDirectory && directory.permissions == 0o700 && directory.modifiedNanoseconds == 0)
        #expect(RemoteStat.parse("stat: cannot statx") == nil)
    }

    /// The checksum the remote write script compares with `cksum`'s line.
    @Test(arguments: [0, 1, 255, 256, 65_537, 300_000])
    func theChecksumIsPosixCksum(_ size: Int) throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let output = try Subprocess.run(["cksum"], input: bytes)
        #expect(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == PosixChecksum.cksumLine(bytes))
    }

    @Test func remoteCommandLinesStartAtTheRootAndReplaceTheEnvironment() {
        #expect(RemoteCommandLine.line(["psql", "-c", "SELECT 'a b'"], environment: nil) == "cd / && exec psql -c 'SELECT '\\''a b'\\'''")
        #expect(RemoteCommandLine.line(["pg_ctlcluster", "15", "main", "start"], environment: ["TERM": "xterm", "PATH": "/usr/bin:/bin"])
                == "cd / && exec env -i PATH=/usr/bin:/bin TERM=xterm pg_ctlcluster 15 main start")
    }
}
