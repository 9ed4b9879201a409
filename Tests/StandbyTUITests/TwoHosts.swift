import Foundation
import StandbyCore
import TestSupport
import Testing

/// Two database hosts on this machine for a test of its own: network
/// namespaces joined by a veth pair, documentation-range addresses, and an
/// sshd of the test's own in the primary's (two-hosts.sh makes them).
/// Everything goes when the value goes, also when the test fails.
final class TwoHosts: @unchecked Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("TwoHosts/two-hosts.sh").path

    let name: String
    let directory: String
    let primaryAddress: String
    let secondaryAddress: String

    init(_ label: String, family: Int) throws {
        name = "sw\(label)\(getpid() % 100000)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("two-hosts-\(name)-\(UUID().uuidString)").path
        let up = try ChildProcess.run([Self.script, "up", name, String(family), directory])
        guard up.status == 0, let env = try? String(contentsOfFile: directory + "/hosts.env", encoding: .utf8) else {
            _ = try? ChildProcess.run([Self.script, "down", name, directory])
            try? FileManager.default.removeItem(atPath: directory)
            throw TmuxSession.TmuxError.failed("two-hosts up: \(up.output)")
        }
        var found: [String: String] = [:]
        for line in env.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { found[parts[0]] = parts[1] }
        }
        primaryAddress = found["PRIMARY_ADDR"] ?? "?"
        secondaryAddress = found["SECONDARY_ADDR"] ?? "?"
    }

    deinit {
        _ = try? ChildProcess.run([Self.script, "down", name, directory])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A command in one host's network namespace ("p" or "s").
    func on(_ host: String, _ argv: [String], environment: [String: String]? = nil) throws -> ChildProcess.Result {
        try ChildProcess.run([Self.script, "in", name, host, "--"] + argv, environment: environment)
    }

    /// A command on the standby's host that cannot see `covered` (the
    /// primary's files) and whose ~/.ssh holds only the test's key and
    /// known_hosts line.
    func onStandbyHiding(_ covered: [String], _ argv: [String], environment: [String: String]? = nil) throws -> ChildProcess.Result {
        try ChildProcess.run([Self.script, "wizard", name, directory, covered.joined(separator: ":"), "--"] + argv,
                             environment: environment)
    }

    /// Root, iproute2, sshd and the right to make namespaces.
    static let canMake: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd"),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"),
              let ip = try? ChildProcess.run(["ip", "-V"]), ip.status == 0 else { return false }
        let probe = "swprobe\(getpid() % 100000)"
        guard (try? ChildProcess.run(["ip", "netns", "add", probe]))?.status == 0 else { return false }
        _ = try? ChildProcess.run(["ip", "netns", "del", probe])
        return true
    }()
    static let cannotMake: Comment = "needs root, iproute2, openssh-server's sshd, unshare and network namespaces"
}
