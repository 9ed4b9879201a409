import Foundation
import StandbyCore
import TestSupport
import Testing

/// The procedure across two machines: the wizard on the standby's host
/// drives the primary over ssh, with addresses that are not loopback. To
/// prove that no step touched the primary's files from here, the wizard
/// runs where the primary's configuration and data directories are hidden
/// under empty file systems: only the ssh path reaches them.
extension LabTests {
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
    func overSsh(family: Int, hostMask: String) throws {
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

        let sampler = SecretSampler(secret: password)
        sampler.start()
        let run = try hosts.onStandbyHiding(primaryFiles(lab), wizard + [try Self.answers(lab, hosts), "--fresh"],
                                            environment: environment)
        let sampled = sampler.stop()
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("primary: over ssh to root@\(hosts.primaryAddress), as root"), "\(run.output)")
        #expect(run.output.contains("verification passed"), "\(run.output)")
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

    @Test func overSshOnIPv4() throws { try overSsh(family: 4, hostMask: "32") }
    @Test func overSshOnIPv6() throws { try overSsh(family: 6, hostMask: "128") }

    /// The operator who runs the wizard on each host in turn: --role
    /// primary on the primary's, then --role secondary on the standby's.
    @Test func eachHostInTurn() throws {
        let hosts = try TwoHosts("role", family: 4)
        let lab = try Self.placedLab("role", on: hosts)
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
