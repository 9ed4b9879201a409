import Foundation
import StandbyCore
import TestSupport
import Testing

/// Gate verdicts against logs written by real PostgreSQL servers. Each
/// failing scenario also proves a catalogue entry on a real log line.
@Suite("Log gates over real servers", .serialized, Needs.postgreSQL)
struct LogGateServerTests {
    static let debianPrefix = "'%m [%p] %q%u@%d '"

    /// Polls the way the app will: until the verdict is no longer waiting.
    func settle(_ gate: LogGate, seconds: Double = 40) -> GateVerdict {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            let verdict = gate.poll()
            if case .waiting = verdict { Thread.sleep(forTimeInterval: 0.2); continue }
            return verdict
        }
        return gate.poll()
    }

    func gate(_ cluster: TestCluster, expect: [GateSignal], host: HostRole, step: String = "gate",
              timeout: Int = 30) -> LogGate {
        let conf = (try? String(contentsOfFile: cluster.configFile, encoding: .utf8)) ?? ""
        let prefix = LogLinePrefix.fromConfig([conf], major: PostgresMajor(cluster.majorVersion))
        return LogGate(stepID: step, gate: GateAction(expect: expect, timeoutSeconds: timeout), host: host,
                       location: LogLocator.given(cluster.logFile), prefix: prefix, reading: LocalHost())
    }

    func failureIDs(_ verdict: GateVerdict) -> [String] {
        guard case .failed(let diagnoses) = verdict else { return [] }
        return diagnoses.map(\.failureID)
    }

    func log(_ cluster: TestCluster) -> String {
        (try? String(contentsOfFile: cluster.logFile, encoding: .utf8)) ?? "<no log>"
    }

    @Test func cleanPrimaryRestartPassesOnlyOnTheNewStart() throws {
        let primary = try TestCluster(name: "gate-clean", settings: ["log_line_prefix": Self.debianPrefix])
        try primary.start()
        try primary.stop()
        // The first start's "ready" line is old content: it must not count.
        let gate = gate(primary, expect: [.acceptingConnections], host: .primary)
        #expect(gate.poll() == .waiting(remainingSeconds: 30))
        try primary.start()
        let verdict = settle(gate)
        #expect(verdict == .passed([.acceptingConnections]), "\(log(primary))")
        // The live prefix agrees with what the config said.
        let live = LogLinePrefix.fromServer(host: LocalHost(), psql: ["/usr/bin/psql", "-h", primary.socketDirectory,
                                                                      "-p", "\(primary.port)", "-U", "postgres", "-d", "postgres"])
        #expect(live == LogLinePrefix("%m [%p] %q%u@%d "))
    }

    /// The collector with PostgreSQL's default log_filename names a new
    /// file at every start: the gate made before the restart, reading the
    /// old file, must move on to the new one and pass on its ready line.
    @Test func restartIntoANewCollectorFileIsFollowed() throws {
        let primary = try TestCluster(name: "gate-rotate", settings: ["logging_collector": "on", "log_line_prefix": Self.debianPrefix])
        try primary.start()
        let conf = try String(contentsOfFile: primary.configFile, encoding: .utf8)
        let location = try #require(LogLocator.fromConfig([conf], dataDirectory: primary.dataDirectory,
                                                          major: PostgresMajor(primary.majorVersion), debianCluster: nil, on: LocalHost()))
        let first = location.path
        #expect(first.hasPrefix(primary.dataDirectory + "/log/postgresql-"))
        let gate = LogGate(stepID: "primary-ready", gate: GateAction(expect: [.acceptingConnections], timeoutSeconds: 30), host: .primary,
                           location: location, prefix: LogLinePrefix.fromConfig([conf], major: PostgresMajor(primary.majorVersion)), reading: LocalHost())
        try primary.stop()
        // The file name has seconds in it: make sure the next start is in another second.
        Thread.sleep(forTimeInterval: 1.1)
        try primary.start()
        let verdict = settle(gate)
        #expect(verdict == .passed([.acceptingConnections]))
        #expect(gate.location.path != first, "still reading \(first)")
        #expect(gate.location.reason.contains("after the step began"))
    }

    @Test(arguments: [
        ("wal_level", "bogus", "invalid-value"),
        ("wal_keep_segments", "10", "unknown-parameter"),
        ("listen_addresses", "'192.0.2.1'", "cannot-bind"),
        // The closing quote is missing.
        ("archive_command", "'cp %p /x", "config-syntax"),
    ])
    func badSettingFailsTheGate(name: String, value: String, expected: String) throws {
        let primary = try TestCluster(name: "gate-bad", settings: ["log_line_prefix": Self.debianPrefix])
        try primary.append("\(name) = \(value)\n", to: primary.configFile)
        let gate = gate(primary, expect: [.acceptingConnections], host: .primary)
        primary.startExpectingFailure()
        let verdict = settle(gate)
        let ids = failureIDs(verdict)
        #expect(ids.contains(expected), "\(ids)\n\(log(primary))")
        guard case .failed(let diagnoses) = verdict else { return }
        let diagnosis = try #require(diagnoses.first { $0.failureID == expected })
        #expect(diagnosis.backTo.first == "primary-settings")
        #expect(!diagnosis.lines.isEmpty)
    }

    @Test func portAlreadyInUse() throws {
        let first = try TestCluster(name: "gate-port1")
        try first.start()
        let second = try TestCluster(name: "gate-port2", settings: ["log_line_prefix": Self.debianPrefix])
        try second.append("port = \(first.port)\n", to: second.configFile)
        let gate = gate(second, expect: [.acceptingConnections], host: .primary)
        second.startExpectingFailure()
        let verdict = settle(gate)
        #expect(failureIDs(verdict).first == "port-in-use", "\(log(second))")
        if case .failed(let diagnoses) = verdict {
            #expect(diagnoses.first?.backTo == ["primary-host"])
            #expect(diagnoses.first?.lines.joined().contains("Address already in use") == true)
        }
    }

    @Test func archiveCommandFailing() throws {
        let primary = try TestCluster(name: "gate-archive", settings: [
            "log_line_prefix": Self.debianPrefix, "archive_mode": "on",
            "archive_command": "'cp %p /nonexistent-archive-dir/%f'"])
        try primary.start()
        let gate = gate(primary, expect: [.acceptingConnections], host: .primary)
        try primary.psql("CREATE TABLE t AS SELECT 1; SELECT pg_switch_wal();")
        let verdict = settle(gate)
        #expect(failureIDs(verdict).contains("archive-failed"), "\(log(primary))")
        if case .failed(let diagnoses) = verdict {
            // cp's own complaint, a line without prefix, is shown with it.
            #expect(diagnoses.first?.lines.contains { $0.hasPrefix("cp: ") } == true, "\(diagnoses)")
        }
    }

    /// A primary that admits replication over TCP only as `rules` say.
    func primary(hba rules: String, name: String) throws -> TestCluster {
        let primary = try TestCluster(name: name, settings: ["log_line_prefix": Self.debianPrefix])
        try primary.writeHba("local all all trust\nlocal replication all trust\n" + rules)
        try primary.start()
        return primary
    }

    func standby(of primary: TestCluster, conninfo: String, name: String) throws -> TestCluster {
        let standby = try TestCluster(name: name)
        try standby.becomeStandby(of: primary, conninfo: conninfo)
        return standby
    }

    @Test func cleanStandbyReachesStreaming() throws {
        let primary = try primary(hba: "host replication all 127.0.0.1/32 trust\n", name: "gate-sp")
        let standby = try standby(of: primary, conninfo: "host=127.0.0.1 port=\(primary.port) user=postgres", name: "gate-ss")
        let gate = gate(standby, expect: [.standbyMode, .readOnlyConnections, .streaming], host: .secondary)
        try standby.start()
        let verdict = settle(gate)
        #expect(verdict == .passed([.standbyMode, .readOnlyConnections, .streaming]), "\(log(standby))")
    }

    @Test func standbyRefusedByMissingHbaRule() throws {
        let primary = try primary(hba: "", name: "gate-hp")
        let standby = try standby(of: primary, conninfo: "host=127.0.0.1 port=\(primary.port) user=postgres", name: "gate-hs")
        let gate = gate(standby, expect: [.standbyMode, .readOnlyConnections, .streaming], host: .secondary)
        try standby.start()
        let verdict = settle(gate)
        #expect(failureIDs(verdict) == ["hba-replication"], "\(log(standby))")
        if case .failed(let diagnoses) = verdict {
            #expect(diagnoses[0].backTo == ["primary-hba"])
            #expect(diagnoses[0].lines.joined().contains("no pg_hba.conf entry for replication connection"))
        }
        // Fixing the rule on the primary lets the standby's retry stream,
        // and a re-check then passes.
        try primary.append("host replication all 127.0.0.1/32 trust\n", to: primary.hbaFile)
        try primary.reload()
        let end = Date().addingTimeInterval(40)
        while Date() < end, gate.poll().blocksNext { Thread.sleep(forTimeInterval: 0.3) }
        #expect(gate.poll() == .passed([.standbyMode, .readOnlyConnections, .streaming]), "\(log(standby))")
    }

    @Test func standbyWithWrongPassword() throws {
        let primary = try primary(hba: "host replication repuser 127.0.0.1/32 scram-sha-256\n", name: "gate-pp")
        try primary.psql("CREATE ROLE repuser LOGIN REPLICATION PASSWORD 'right-one'")
        let primaryGate = gate(primary, expect: [.acceptingConnections], host: .primary)
        let standby = try TestCluster(name: "gate-ps")
        let passfile = try standby.writePrivateFile("pgpass", "127.0.0.1:\(primary.port):*:repuser:wrong-one\n")
        try standby.becomeStandby(of: primary, conninfo: "host=127.0.0.1 port=\(primary.port) user=repuser passfile=\(passfile)")
        let gate = gate(standby, expect: [.standbyMode, .readOnlyConnections, .streaming], host: .secondary)
        try standby.start()
        let verdict = settle(gate)
        #expect(failureIDs(verdict) == ["password-failed"], "\(log(standby))")
        if case .failed(let diagnoses) = verdict {
            #expect(diagnoses[0].backTo == ["replication-account", "secondary-standby-signal", "secondary-recovery-conf"])
        }
        // The primary's side carries the reason the standby never sees.
        let primaryVerdict = primaryGate.poll()
        #expect(failureIDs(primaryVerdict) == ["password-failed"], "\(log(primary))")
        if case .failed(let diagnoses) = primaryVerdict {
            #expect(diagnoses[0].lines.contains { $0.contains("DETAIL:  Connection matched") }, "\(diagnoses)")
            #expect(diagnoses[0].backTo == ["primary-role"])
        }
    }

    /// (A CONNECTION LIMIT 0 role is not refused here: 15 lets physical
    /// walsenders past the per-role limit, so that entry is tested on a
    /// quoted line in LogGateCatalogTests.)
    @Test func standbyRoleWithoutReplication() throws {
        let expected = "no-replication-attribute"
        let primary = try primary(hba: "host replication all 127.0.0.1/32 trust\n", name: "gate-rp")
        try primary.psql("CREATE ROLE norep LOGIN")
        let standby = try standby(of: primary, conninfo: "host=127.0.0.1 port=\(primary.port) user=norep", name: "gate-rs")
        let gate = gate(standby, expect: [.standbyMode, .readOnlyConnections, .streaming], host: .secondary)
        try standby.start()
        let verdict = settle(gate)
        #expect(failureIDs(verdict) == [expected], "\(log(standby))")
    }

    @Test func standbyPointedAtAnotherClusterOrNowhere() throws {
        let primary = try primary(hba: "host replication all 127.0.0.1/32 trust\n", name: "gate-ip")
        let stranger = try TestCluster(name: "gate-stranger")
        try stranger.start()
        let standby = try standby(of: primary, conninfo: "host=127.0.0.1 port=\(stranger.port) user=postgres", name: "gate-is")
        let gate = gate(standby, expect: [.standbyMode, .readOnlyConnections, .streaming], host: .secondary)
        try standby.start()
        #expect(failureIDs(settle(gate)) == ["system-identifier"], "\(log(standby))")
        try standby.stop()

        // Nothing listens on the stranger's port once it stops.
        try stranger.stop()
        let again = self.gate(standby, expect: [.standbyMode, .readOnlyConnections, .streaming], host: .secondary)
        try standby.start()
        let verdict = settle(again)
        #expect(failureIDs(verdict) == ["primary-unreachable"], "\(log(standby))")
        if case .failed(let diagnoses) = verdict {
            #expect(diagnoses[0].lines.joined(separator: "\n").contains("Connection refused"), "\(diagnoses)")
        }
    }

    /// The three refusals that used to fall through to "cannot reach":
    /// a reject rule, a passfile that is not there, a slot the primary
    /// lacks; each is its own diagnosis on the standby's real log.
    @Test func standbyRefusedByARejectRule() throws {
        let primary = try primary(hba: "host replication all 127.0.0.1/32 reject\n", name: "gate-jp")
        let standby = try standby(of: primary, conninfo: "host=127.0.0.1 port=\(primary.port) user=postgres", name: "gate-js")
        let gate = gate(standby, expect: [.standbyMode, .readOnlyConnections, .streaming], host: .secondary)
        try standby.start()
        let verdict = settle(gate)
        #expect(failureIDs(verdict) == ["hba-rejects"], "\(log(standby))")
        if case .failed(let diagnoses) = verdict { #expect(diagnoses[0].backTo == ["primary-hba"]) }
    }

    @Test func standbyWhosePassfileIsMissing() throws {
        let primary = try primary(hba: "host replication repuser 127.0.0.1/32 scram-sha-256\n", name: "gate-fp")
        try primary.psql("CREATE ROLE repuser LOGIN REPLICATION PASSWORD 'right-one'")
        let standby = try TestCluster(name: "gate-fs")
        try standby.becomeStandby(of: primary, conninfo: "host=127.0.0.1 port=\(primary.port) user=repuser passfile=\(standby.root)/no-such-pgpass")
        let gate = gate(standby, expect: [.standbyMode, .readOnlyConnections, .streaming], host: .secondary)
        try standby.start()
        let verdict = settle(gate)
        #expect(failureIDs(verdict) == ["password-missing"], "\(log(standby))")
        if case .failed(let diagnoses) = verdict {
            #expect(diagnoses[0].lines.joined().contains("fe_sendauth: no password supplied"), "\(diagnoses)")
        }
    }

    @Test func standbyAskingForASlotThePrimaryLacks() throws {
        let primary = try primary(hba: "host replication all 127.0.0.1/32 trust\n", name: "gate-sp2")
        let standby = try standby(of: primary, conninfo: "host=127.0.0.1 port=\(primary.port) user=postgres", name: "gate-ss2")
        try standby.append("primary_slot_name = 'no_such_slot'\n", to: standby.configFile)
        let gate = gate(standby, expect: [.standbyMode, .readOnlyConnections, .streaming], host: .secondary)
        try standby.start()
        let verdict = settle(gate)
        #expect(failureIDs(verdict) == ["slot-missing"], "\(log(standby))")
        if case .failed(let diagnoses) = verdict {
            #expect(diagnoses[0].lines.joined().contains("replication slot \"no_such_slot\" does not exist"), "\(diagnoses)")
        }
    }
}
