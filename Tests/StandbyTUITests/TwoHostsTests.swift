import Foundation
import StandbyCore
import TestSupport
import Testing

/// The procedure across two machines: the wizard on the standby's host
/// drives the primary over ssh, with addresses that are not loopback. To
/// prove that no step touched the primary's files from here, the wizard
/// runs where the primary's configuration and data directories are hidden
/// under empty file systems: only the ssh path reaches them.
extension SecondLabLine {
@Suite("Two hosts over ssh", .serialized, .enabled(if: TwoHosts.canMake, TwoHosts.cannotMake),
       .enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
struct TwoHostsTests {
    /// A lab whose primary runs on one host and standby on the other.
    static func placedLab(_ label: String, on hosts: TwoHosts) throws -> TestLab {
        let lab = try TestLab(label)
        let version = lab.answers["PRIMARY_PG_VERSION"] ?? "?"
        for (cluster, host) in [(lab.prefix + "-primary", "p"), (lab.prefix + "-standby", "s")] {
            _ = try ChildProcess.run(["pg_ctlcluster", version, cluster, "stop"])
            let start = try hosts.on(host, ["pg_ctlcluster", version, cluster, "start"])
            try #require(start.status == 0, "\(start.output)")
        }
        return lab
    }

    /// The lab's answers with the hosts' real addresses, the primary over ssh.
    static func answers(_ lab: TestLab, _ hosts: TwoHosts, secondaryAddress: String? = nil,
                        ssh: Bool = true, name: String = "two-hosts.yaml") throws -> String {
        var text = try String(contentsOfFile: lab.answersPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "PRIMARY_PG_IP: 127.0.0.1", with: "PRIMARY_PG_IP: \(hosts.primaryAddress)")
        text = text.replacingOccurrences(of: "SECONDARY_PG_IP: 127.0.0.1", with: "SECONDARY_PG_IP: \(secondaryAddress ?? hosts.secondaryAddress)")
        if ssh { text += "PRIMARY_SSH: root@\(hosts.primaryAddress)\n" }
        let path = lab.scratch + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// What the primary's own server says, asked on its own host.
    static func onPrimary(_ hosts: TwoHosts, _ lab: TestLab, _ sql: String) throws -> String {
        let port = lab.answers["PRIMARY_PG_PORT"] ?? "?"
        return try hosts.on("p", ["runuser", "-u", "postgres", "--", "psql", "-X", "-At", "-p", port, "-c", sql])
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func primaryFiles(_ lab: TestLab) -> [String] {
        let version = lab.answers["PRIMARY_PG_VERSION"] ?? "?"
        return ["/etc/postgresql/\(version)/\(lab.prefix)-primary", "/var/lib/postgresql/\(version)/\(lab.prefix)-primary"]
    }

    /// One family's whole run: a wrong standby address first, caught at
    /// the login test with the pg_hba diagnosis; then the right one, to a
    /// verified standby, with the password nowhere it must not be.
    func overSsh(family: Int, hostMask: String, loseTheLink: Bool = false) throws {
        let hosts = try TwoHosts("ssh\(family)", family: family)
        let lab = try Self.placedLab("ssh\(family)", on: hosts)
        let password = try #require(lab.answers.password)
        let state = lab.scratch + "/state"
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = state
        let wizard = [BuiltBinary.path, "run", "--mode", "lab", "--answers"]

        // 2001:db8::3 and 192.0.2.3: documentation addresses no host has.
        let wrong = family == 6 ? "2001:db8::3" : "192.0.2.3"
        let wrongAnswers = try Self.answers(lab, hosts, secondaryAddress: wrong, name: "wrong.yaml")
        let refused = try hosts.onStandbyHiding(primaryFiles(lab), wizard + [wrongAnswers], environment: environment)
        #expect(refused.status != 0, "\(refused.output)")
        #expect(refused.output.contains("stopped at step secondary-replication-login"), "\(refused.output)")
        #expect(refused.output.contains("hba-replication"), "\(refused.output)")

        let answers = try Self.answers(lab, hosts)
        var again = ["--fresh"]
        if loseTheLink {
            try Self.loseTheLink(hosts, lab, covered: primaryFiles(lab), argv: wizard + [answers, "--fresh"])
            again = []
        }
        let sampler = SecretSampler(secret: password)
        sampler.start()
        let run: (status: Int32, output: String)
        if loseTheLink {
            // The resumed run loses the link again, in the middle of the copy.
            run = try Self.blinkDuringTheCopy(hosts, lab, covered: primaryFiles(lab), argv: wizard + [answers], state: state)
        } else {
            let result = try hosts.onStandbyHiding(primaryFiles(lab), wizard + [answers] + again, environment: environment)
            run = (result.status, result.output)
        }
        let sampled = sampler.stop()
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("primary: over ssh to root@\(hosts.primaryAddress), as root"), "\(run.output)")
        #expect(run.output.contains("verification passed"), "\(run.output)")
        if loseTheLink { #expect(run.output.contains("Resuming from"), "\(run.output)") }
        #expect(!run.output.contains(password))
        #expect(sampled.passes > 10, "the process list was sampled only \(sampled.passes) times")
        #expect(sampled.leaks.isEmpty, "the password was visible: \(sampled.leaks)")

        // The primary itself: it streams to the standby's real address,
        // and its pg_hba.conf names exactly that host.
        #expect(try Self.onPrimary(hosts, lab, "SELECT client_addr, state FROM pg_stat_replication")
                == "\(hosts.secondaryAddress)|streaming")
        let version = lab.answers["PRIMARY_PG_VERSION"] ?? "?"
        let hba = try String(contentsOfFile: "/etc/postgresql/\(version)/\(lab.prefix)-primary/pg_hba.conf", encoding: .utf8)
        #expect(hba.contains("replication     lab_replicator  \(hosts.secondaryAddress)/\(hostMask)"), "\(hba)")
        let standbyPort = lab.answers["SECONDARY_PG_PORT"] ?? "?"
        let recovering = try hosts.on("s", ["runuser", "-u", "postgres", "--", "psql", "-X", "-At", "-p", standbyPort,
                                            "-c", "SELECT pg_is_in_recovery()"])
        #expect(recovering.output.trimmingCharacters(in: .whitespacesAndNewlines) == "t", "\(recovering.output)")

        let transcripts = state + "/standby-wizard/transcripts"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: transcripts)) ?? [] {
            let text = (try? String(contentsOfFile: transcripts + "/" + name, encoding: .utf8)) ?? ""
            #expect(!text.contains(password), "\(name) holds the password")
        }
        // Nothing of the wizard's ssh connections is left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: "/tmp").filter { $0.hasPrefix("standby-wizard-ssh-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// IPv4 also loses the link to the primary between two of its steps.
    @Test func overSshOnIPv4() throws { try overSsh(family: 4, hostMask: "32", loseTheLink: true) }
    /// IPv6 on the screen: the lab's walkthrough in tmux, keys only, the
    /// primary's form showing what the survey found there over ssh.
    @Test(.enabled(if: Tmux.installed, Tmux.missing))
    func overSshOnIPv6OnTheScreen() throws {
        let hosts = try TwoHosts("ssh6", family: 6)
        let lab = try Self.placedLab("ssh6", on: hosts)
        let password = try #require(lab.answers.password)
        // `lab open` reads the lab's own answers file: it gets the hosts'
        // addresses and the primary over ssh.
        try String(contentsOfFile: try Self.answers(lab, hosts), encoding: .utf8)
            .write(toFile: lab.answersPath, atomically: true, encoding: .utf8)
        let sampler = SecretSampler(secret: password)
        sampler.start()
        let session = try TmuxSession([TwoHosts.script, "wizard", hosts.name, hosts.directory, primaryFiles(lab).joined(separator: ":"), "--",
                                       BuiltBinary.path, "lab", "open"] + lab.flags,
                                      width: 80, height: 24, environment: ["TERM": "linux", "LANG": "C.UTF-8"])
        try session.waitFor("Step 1 of")
        try session.press("Enter")
        // The survey reads the primary over ssh in the background: the
        // form shows it once it is in.
        // The survey sits above the form's text: PgUp shows it when the
        // form opened scrolled to its fields.
        try session.waitFor("Primary via ssh")
        var form = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            try session.press("PPage")
            form = try session.screen()
            if form.contains("Over ssh to root@\(hosts.primaryAddress), as root")
                && form.contains("Debian cluster \(lab.answers["PRIMARY_PG_VERSION"] ?? "?")/\(lab.prefix)-primary,") { break }
            Thread.sleep(forTimeInterval: 0.3)
        }
        #expect(form.contains("Over ssh to root@\(hosts.primaryAddress), as root"), "the survey never showed:\n\(form)")
        let (screen, visited) = try LabWalk.walk(session) { $0.contains("Passed: the standby follows the primary.") }
        let sampled = sampler.stop()
        #expect(screen.contains("Passed: the standby follows the primary."), "stopped at:\n\(screen)\nvisited: \(visited)")
        #expect(sampled.leaks.isEmpty, "the password was visible: \(sampled.leaks)")
        try session.press("F10")
        try session.waitFor("Quit standby-wizard?")
        try session.press("y")
        #expect(try session.waitForExit() == 0)
        #expect(try Self.onPrimary(hosts, lab, "SELECT client_addr, state FROM pg_stat_replication")
                == "\(hosts.secondaryAddress)|streaming")
        let version = lab.answers["PRIMARY_PG_VERSION"] ?? "?"
        let hba = try String(contentsOfFile: "/etc/postgresql/\(version)/\(lab.prefix)-primary/pg_hba.conf", encoding: .utf8)
        #expect(hba.contains("replication     lab_replicator  \(hosts.secondaryAddress)/128"), "\(hba)")
    }

    /// The operator who runs the wizard on each host in turn: --role
    /// primary on the primary's, then --role secondary on the standby's.
    @Test func eachHostInTurn() throws {
        let hosts = try TwoHosts("role", family: 4)
        let lab = try Self.placedLab("hturn", on: hosts)
        let answers = try Self.answers(lab, hosts, ssh: false)
        let primary = try hosts.on("p", [BuiltBinary.path, "run", "--mode", "lab", "--role", "primary", "--answers", answers])
        #expect(primary.status == 0, "\(primary.output)")
        #expect(primary.output.contains("every step of the primary's part passed"), "\(primary.output)")
        let standby = try hosts.onStandbyHiding(primaryFiles(lab), [BuiltBinary.path, "run", "--mode", "lab", "--role", "secondary",
                                                                     "--answers", answers])
        #expect(standby.status == 0, "\(standby.output)")
        #expect(standby.output.contains("verification passed"), "\(standby.output)")
        #expect(try Self.onPrimary(hosts, lab, "SELECT client_addr, state FROM pg_stat_replication")
                == "\(hosts.secondaryAddress)|streaming")
    }
}
}

/// What an operator meets when ssh itself fails: said before any step,
/// in words, with the command that puts it right; nothing is changed.
extension SecondLabLine.TwoHostsTests {
    @Test func sshProblemsAreSaidWithTheirFix() throws {
        let hosts = try TwoHosts("sshp", family: 4)
        let scratch = hosts.directory + "/answers"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        // A cluster name nobody has: the plan reads nothing real.
        func answers(_ ssh: String) throws -> String {
            let path = scratch + "/\(UUID().uuidString).yaml"
            try """
            PRIMARY_PG_IP: \(hosts.primaryAddress)
            PRIMARY_PG_VERSION: "15"
            PRIMARY_PG_CLUSTER: swsshpnone
            PRIMARY_SSH: \(ssh)
            SECONDARY_PG_IP: \(hosts.secondaryAddress)
            SECONDARY_PG_VERSION: "15"
            SECONDARY_PG_CLUSTER: swsshpnone2
            REP_USER: rep

            """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let destination = "root@\(hosts.primaryAddress)"
        let good = try answers(destination)
        func plan(_ spoil: String?, _ path: String) throws -> ChildProcess.Result {
            var environment = ProcessInfo.processInfo.environment
            environment["TWO_HOSTS_SSH"] = spoil
            return try hosts.onStandbyHiding([], [BuiltBinary.path, "plan", "--answers", path], environment: environment)
        }
        let cases: [(String?, String, String)] = [
            ("unknown-host", good, "ssh-keyscan \(hosts.primaryAddress) | ssh-keygen -lf -"),
            ("other-key", good, "ssh-copy-id \(destination)"),
            ("changed-host", good, "ssh-keygen -R \(hosts.primaryAddress)"),
            (nil, try answers("ssh://\(destination):2222"), "nothing answers ssh on \(hosts.primaryAddress) port 2222"),
        ]
        for (spoil, path, fix) in cases {
            let result = try plan(spoil, path)
            #expect(result.status != 0, "\(spoil ?? path): \(result.output)")
            #expect(result.output.contains(fix), "\(spoil ?? path): \(result.output)")
            #expect(!result.output.contains("[1/"), "steps were planned: \(result.output)")
        }
        let fine = try plan(nil, good)
        #expect(fine.status == 0, "\(fine.output)")
        #expect(fine.output.contains("the primary is \(destination) (over ssh), the secondary is this machine"), "\(fine.output)")
    }
}

/// The link to the primary goes down between two of its steps: the run
/// stops and says the connection is the problem, naming the host. The
/// caller then brings it back and runs again, which goes on from there.
extension SecondLabLine.TwoHostsTests {
    static func loseTheLink(_ hosts: TwoHosts, _ lab: TestLab, covered: [String], argv: [String]) throws {
        let cut = StoppedRun(at: "primary-hba", scratch: lab.scratch, logName: "lost-link.log", argv: argv) { argv, environment in
            _ = try? hosts.onStandbyHiding(covered, argv, environment: environment)
        }
        let pid = try #require(cut.waitUntilStopped(limit: 120), "\(cut.output)")
        #expect(try ChildProcess.run([TwoHosts.script, "link", hosts.name, "down"]).status == 0)
        kill(pid, SIGCONT)
        let ended = cut.waitUntilFinished(limit: 120)
        let first = cut.output
        #expect(ended, "the run did not stop within 2 minutes of losing the link:\n\(first)")
        #expect(first.contains("stopped at step primary-"), "\(first)")
        // Taking the link down removes the route: ssh says so at once. A
        // link that only stopped carrying packets would be "lost" or "did
        // not answer", after the keep-alives.
        #expect(["the connection to \(hosts.primaryAddress) was lost", "\(hosts.primaryAddress) did not answer",
                 "\(hosts.primaryAddress) cannot be reached from here"].contains { first.contains($0) }, "\(first)")
        #expect(try ChildProcess.run([TwoHosts.script, "link", hosts.name, "up"]).status == 0)
    }
}

/// The link goes down for a few seconds in the middle of the copy, as a
/// switch restarting or a cable reseated would: TCP carries the copy over
/// the gap, and the run goes on to a verified standby, with no second
/// copy and nothing set aside twice.
extension SecondLabLine.TwoHostsTests {
    static func blinkDuringTheCopy(_ hosts: TwoHosts, _ lab: TestLab, covered: [String], argv: [String],
                                   state: String) throws -> (status: Int32, output: String) {
        // Enough data that the copy takes seconds, not a blink.
        let bulk = try onPrimary(hosts, lab, "CREATE TABLE blink_bulk AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 1500000) g")
        #expect(!bulk.contains("ERROR"), "\(bulk)")
        let status = Flag()
        let copying = StoppedRun(at: "secondary-base-backup", scratch: lab.scratch, logName: "blink.log", argv: argv) { argv, environment in
            let result = try? hosts.onStandbyHiding(covered, argv, environment: environment.merging(["XDG_STATE_HOME": state]) { $1 })
            if result?.status == 0 { status.set() }
        }
        let pid = try #require(copying.waitUntilStopped(limit: 120), "\(copying.output)")
        #expect(try ChildProcess.run([TwoHosts.script, "link", hosts.name, "down"]).status == 0)
        #expect(!SecondLabLine.FaultSuiteTests.copiesRunning(from: lab).isEmpty, "the copy had ended before the link went down")
        kill(pid, SIGCONT)
        Thread.sleep(forTimeInterval: 5)
        #expect(try ChildProcess.run([TwoHosts.script, "link", hosts.name, "up"]).status == 0)
        let ended = copying.waitUntilFinished(limit: 240)
        #expect(ended, "the run did not end within 4 minutes of the link coming back:\n\(copying.output)")
        let output = copying.output
        #expect(output.contains("pg_basebackup: base backup completed"), "\(output)")
        #expect(output.components(separatedBy: "| kept as ").count - 1 == 1, "the old data was set aside twice:\n\(output)")
        return (status.isSet ? 0 : 1, output)
    }
}

/// An account of the test's own on the primary's host (this machine's
/// user database, so it is removed with its sudo rule even when the test
/// fails), allowed everything through sudo with its password.
final class SudoUser {
    let name: String
    let password = "sudo-" + UUID().uuidString.prefix(12)
    private let rule: String

    init(_ label: String, home: String) throws {
        name = "sw\(label)\(getpid() % 100000)"
        rule = "/etc/sudoers.d/\(name)"
        let add = try ChildProcess.run(["useradd", "--create-home", "--home-dir", home, "--shell", "/bin/sh", name])
        guard add.status == 0 else { throw TmuxSession.TmuxError.failed("useradd: \(add.output)") }
        // The password on chpasswd's input, never in argv.
        let set = try Subprocess.run(["chpasswd"], input: Array("\(name):\(password)\n".utf8))
        try "\(name) ALL=(ALL:ALL) ALL\nDefaults:\(name) lecture=never\n".write(toFile: rule, atomically: false, encoding: .utf8)
        chmod(rule, 0o440)
        guard set.exitStatus == 0 else { throw TmuxSession.TmuxError.failed("chpasswd: \(set.stderr)") }
    }

    deinit {
        unlink(rule)
        // sudo's record of the account's last authentication.
        unlink("/run/sudo/ts/\(name)")
        _ = try? ChildProcess.run(["userdel", "--remove", name])
    }

    static let canMake = FileManager.default.isExecutableFile(atPath: "/usr/bin/sudo")
        && FileManager.default.isExecutableFile(atPath: "/usr/sbin/useradd")
}

extension SecondLabLine.TwoHostsTests {
    /// A non-root ssh user whose sudo asks for a password: typed once (here
    /// on standard input, no terminal), then every file access and command
    /// on the primary goes through sudo, and the standby ends verified.
    /// Neither password is ever in a process's arguments or environment.
    @Test(.enabled(if: SudoUser.canMake, "needs sudo and useradd"))
    func aSudoUserWhoseSudoAsksForItsPassword() throws {
        let hosts = try TwoHosts("sudo", family: 4)
        let lab = try Self.placedLab("sudo", on: hosts)
        let user = try SudoUser("su", home: lab.scratch + "/home")
        let answers = try Self.answers(lab, hosts, ssh: false)
        try ("PRIMARY_SSH: \(user.name)@\(hosts.primaryAddress)\n").appendLine(to: answers)
        let typed = lab.scratch + "/typed"
        FileManager.default.createFile(atPath: typed, contents: Data((user.password + "\n").utf8), attributes: [.posixPermissions: 0o600])
        // Each connection in the primary's log, to see the checks' psql
        // session come over ssh through sudo.
        _ = try Self.onPrimary(hosts, lab, "ALTER SYSTEM SET log_connections = on")
        _ = try Self.onPrimary(hosts, lab, "SELECT pg_reload_conf()")
        let replication = SecretSampler(secret: try #require(lab.answers.password))
        let sudo = SecretSampler(secret: user.password)
        replication.start()
        sudo.start()
        // setsid: no controlling terminal, so the password is read from
        // standard input, as on an automated run.
        let run = try hosts.onStandbyHiding(primaryFiles(lab), ["setsid", "-w", "/bin/sh", "-c", "exec \"$0\" run --mode lab --answers \"$1\" < \"$2\"",
                                                                 BuiltBinary.path, answers, typed])
        let (replicationSeen, sudoSeen) = (replication.stop(), sudo.stop())
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("primary: over ssh to \(user.name)@\(hosts.primaryAddress), as \(user.name)"), "\(run.output)")
        #expect(run.output.contains("verification passed"), "\(run.output)")
        #expect(!run.output.contains(user.password))
        #expect(replicationSeen.leaks.isEmpty, "the replication password was visible: \(replicationSeen.leaks)")
        #expect(sudoSeen.leaks.isEmpty, "the sudo password was visible: \(sudoSeen.leaks)")
        #expect(sudoSeen.passes > 10, "sampled only \(sudoSeen.passes) times")
        #expect(try Self.onPrimary(hosts, lab, "SELECT client_addr, state FROM pg_stat_replication")
                == "\(hosts.secondaryAddress)|streaming")
        // The checks asked the primary through one psql each pass, which
        // names itself; sudo took its password from that psql's input.
        let version = lab.answers["PRIMARY_PG_VERSION"] ?? "?"
        let log = try String(contentsOfFile: "/var/log/postgresql/postgresql-\(version)-\(lab.prefix)-primary.log", encoding: .utf8)
        #expect(log.contains("connection authorized: user=postgres") && log.contains("application_name=standby-wizard"), "\(log.suffix(3000))")
        // The files the sudo user changed are still postgres's.
        let hba = try #require(try FileManager.default.attributesOfItem(atPath: "/etc/postgresql/\(version)/\(lab.prefix)-primary/pg_hba.conf")[.ownerAccountName] as? String)
        #expect(hba == "postgres")

        // A wrong password is refused before any step.
        try ("wrong-" + user.password + "\n").write(toFile: typed, atomically: false, encoding: .utf8)
        let refused = try hosts.onStandbyHiding(primaryFiles(lab), ["setsid", "-w", "/bin/sh", "-c", "exec \"$0\" run --mode lab --answers \"$1\" < \"$2\"",
                                                                     BuiltBinary.path, answers, typed])
        #expect(refused.status != 0)
        #expect(refused.output.contains("sudo on \(user.name)@\(hosts.primaryAddress) refused that password"), "\(refused.output)")
    }
}

extension String {
    func appendLine(to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(Data(utf8))
    }
}
