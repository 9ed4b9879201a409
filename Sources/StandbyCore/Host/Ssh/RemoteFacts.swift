/// What a host over ssh offers for switching users and controlling the
/// server, read there in one round trip, as `HostFacts.detect` reads it here.
enum RemoteFacts {
    static let script = #"""
echo "uid=$(id -u)"; echo "user=$(id -un)"
first() { key=$1; shift; for p in "$@"; do if [ -x "$p" ]; then echo "$key=$p"; return; fi; done; }
first runuser /usr/sbin/runuser /sbin/runuser /usr/bin/runuser
first sudo /usr/bin/sudo /bin/sudo /usr/local/bin/sudo
first su /usr/bin/su /bin/su
first pg_ctlcluster /usr/bin/pg_ctlcluster
if [ -d /run/systemd/system ]; then echo systemd=yes; UNITS_SHOW | sed 's/^/unit:/'; fi
if [ "$(id -u)" != 0 ] && ! sudo -n true 2>/dev/null; then echo sudo_asks=yes; fi
"""#

    /// What the probe found, and whether sudo there asks for a password.
    struct Found {
        var facts: HostFacts
        var sudoAsks: Bool
    }

    /// The script with the units' systemctl call in place.
    static var probeScript: String {
        script.replacingOccurrences(of: "UNITS_SHOW", with: ShellQuote.line(PgdgUnits.showArgv))
    }

    static func probe(_ connection: SshConnection) throws -> Found {
        let output = try connection.run(ShellQuote.line(["sh", "-c", probeScript]))
        guard output.exitStatus == 0 else {
            throw HostAccessError.cannotStart("ssh", reason: "the host did not answer what it is: \(output.stderr)")
        }
        var found: [String: String] = [:]
        // systemctl's blocks, blank lines included, behind their prefix.
        let unitLines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("unit:") }.map { $0.dropFirst(5) }
        for line in output.stdout.split(separator: "\n") where !line.hasPrefix("unit:") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            found[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        let facts = HostFacts(isRoot: found["uid"] == "0", userName: found["user"] ?? "?",
                              runuserPath: found["runuser"], sudoPath: found["sudo"], suPath: found["su"],
                              systemdRunning: found["systemd"] == "yes", pgCtlClusterPath: found["pg_ctlcluster"],
                              reachedOverSsh: true,
                              pgdgUnits: found["systemd"] == "yes" ? PgdgUnits.parse(unitLines.joined(separator: "\n")) : nil)
        return Found(facts: facts, sudoAsks: found["sudo_asks"] == "yes")
    }
}
