import Foundation

/// The standby's port must be free once its old server is stopped: another
/// cluster or program listening there would make the new standby fail to
/// start, after its old data was already set aside.
extension Verification {
    /// Where servers of this host keep their sockets: the one the standby's
    /// configuration names, Debian's, and the compiled-in default of
    /// source builds.
    static func socketDirectories(configured: String?) -> [String] {
        var directories = [configured, "/var/run/postgresql", "/run/postgresql", "/tmp"].compactMap { $0 }
        var seen = Set<String>()
        directories = directories.filter { seen.insert($0).inserted }
        return directories
    }

    func standbyPort() throws -> Result {
        let answers = HostAnswers(.secondary, values: values)
        guard let port = answers.port, let own = answers.dataDirectory.map(StandbyDirectoryGuard.normalized) else {
            return Result(check: .standbyPort, passed: true, detail: ["the standby's port or data directory is not answered: nothing to compare"])
        }
        let host = standby.host
        // A server's socket lock file names its PID and its data directory.
        var ownServerHoldsIt = false
        for directory in Self.socketDirectories(configured: standby.socketDirectory) {
            let lock = "\(directory)/.s.PGSQL.\(port).lock"
            guard let text = try? host.readFile(lock) else { continue }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard lines.count >= 2, let pid = Int(lines[0].trimmingCharacters(in: .whitespaces)) else { continue }
            let holder = StandbyDirectoryGuard.normalized(lines[1].trimmingCharacters(in: .whitespaces))
            // A lock left by a server that died is taken over at start.
            guard host.fileExists("/proc/\(pid)") else { continue }
            if holder == own {
                ownServerHoldsIt = true
                continue
            }
            return failed(.standbyPort, "port \(port) on the standby is held by the server of \(holder) (PID \(pid), \(lock)), not by the standby's \(own)",
                          fix: "give the standby another port in its answers, or stop that server if it is not needed; the standby's old server is not the one listening")
        }
        let listening = tcpListeners(port: port, on: host)
        if let listening, !listening.isEmpty, !ownServerHoldsIt {
            return failed(.standbyPort, "something listens on TCP port \(port) on the standby and it is not the standby's own server: " + listening.joined(separator: "; "),
                          fix: "find it with `ss -ltnp 'sport = :\(port)'`; give the standby another port, or stop what listens there")
        }
        let how = ownServerHoldsIt ? "the standby's own server holds port \(port) now; it stops before the copy"
                                   : "nothing listens on port \(port) on the standby"
        return Result(check: .standbyPort, passed: true,
                      detail: [how + (listening == nil ? " (ss is not installed there: sockets checked, TCP not)" : "")])
    }

    /// Listening sockets on `port`, as `ss` prints them; nil when the host
    /// has no `ss`.
    private func tcpListeners(port: String, on host: any HostAccess) -> [String]? {
        guard let output = try? host.run(["ss", "-Hltn", "sport", "=", ":\(port)"], environment: nil), output.succeeded else { return nil }
        return output.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
            .filter { !$0.isEmpty }
    }
}
