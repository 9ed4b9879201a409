/// The answers file a lab hands to the wizard: both hosts are this
/// machine's loopback address, told apart by their ports.
enum LabAnswers {
    static let replicationUser = "lab_replicator"

    static func yaml(for state: LabState, password: String, overrides: [String: String] = [:]) -> String {
        let text = """
        # standby-wizard training lab: two throwaway clusters on this machine.
        # Made by `standby-wizard lab up`; `standby-wizard lab down` removes them.
        PRIMARY_PG_IP: 127.0.0.1
        PRIMARY_PG_PORT: \(state.primary.port)
        PRIMARY_PG_VERSION: "\(state.version)"
        PRIMARY_PG_CLUSTER: \(state.primary.clusterAnswer)
        SECONDARY_PG_IP: 127.0.0.1
        SECONDARY_PG_PORT: \(state.standby.port)
        SECONDARY_PG_VERSION: "\(state.version)"
        SECONDARY_PG_CLUSTER: \(state.standby.clusterAnswer)
        REP_USER: \(replicationUser)
        REP_USER_PW: \(password)
        REP_ARCHIVE: \(state.archiveDirectory)
        # The lab's standby is a fresh cluster, in production like any new
        # one: this lets the walkthrough set it aside without asking.
        \(StandbyDirectoryGuard.confirmationKey): \(state.standby.clusterAnswer)

        """ + (state.binDirectory.map { directory in
            // Both clusters run the server `lab up --bindir` named.
            "PRIMARY_PG_BINDIR: \(directory)\nSECONDARY_PG_BINDIR: \(directory)\n"
        } ?? "")
        // An exercise's fault replaces the plain answer in place, so the
        // file reads like any other lab's.
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let colon = line.firstIndex(of: ":"), let value = overrides[String(line[..<colon])] else { return String(line) }
            return "\(line[..<colon]): \(value)"
        }.joined(separator: "\n")
    }

    /// Letters and digits only, so it needs no quoting anywhere; a lab
    /// password is thrown away with the lab.
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}
