import Foundation
import StandbyCore
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The password file of a command run under sudo, for real: the command's
/// own shell makes it, as the command's user, from the line the wizard
/// types at its prompt, and removes it however the command ends. sudo is
/// not installed here; runuser stands in for it, taking the very argument
/// vector a sudo plan has (PATH -u USER -- /bin/sh -c LINE), with the
/// wizard treated as a user who is not root.
@Suite("The password file under sudo, run for real", .serialized, Needs.postgreSQL)
struct PasswordHandoffTests {
    static let password = #"Hx7-hand:off\pw"#
    static let sudoLike = HostFacts(isRoot: false, userName: "operator", sudoPath: "/usr/sbin/runuser")

    enum Ending: String, CaseIterable, Sendable {
        /// The wizard's Ctrl-C: SIGINT to the command's process group.
        case interrupted
        /// The wizard gone: its terminal hangs up on the command.
        case hungUp
    }

    @Test(.enabled(if: getuid() == 0, "needs root: runuser stands in for sudo, and reading every process's environment needs root"),
          arguments: Ending.allCases)
    func theCommandsShellMakesTheFileAndRemovesIt(_ ending: Ending) throws {
        let cluster = try TestCluster(name: "handoff")
        let hba = cluster.dataDirectory + "/pg_hba.conf"
        let rules = try String(contentsOfFile: hba, encoding: .utf8)
        try ("host all replicator 127.0.0.1/32 scram-sha-256\n" + rules).write(toFile: hba, atomically: false, encoding: .utf8)
        try cluster.start()
        // Before the sampler starts: this psql has the password in argv.
        try cluster.psql("CREATE ROLE replicator LOGIN PASSWORD '\(Self.password)'")

        let line = "$PRIMARY_PG_BINDIR/psql -X -A -t -h 127.0.0.1 -p $PRIMARY_PG_PORT -U $REP_USER -d postgres "
            + "-c 'SELECT current_user' && echo logged-in && sleep 600"
        let values = ["PRIMARY_PG_BINDIR": cluster.binDirectory, "PRIMARY_PG_PORT": "\(cluster.port)", "REP_USER": "replicator"]
        let plan = try CommandBuilder(facts: Self.sudoLike)
            .plan(CommandAction(spec: .shell(line), runAs: .postgres), host: .primary, values: values, password: Self.password)
        #expect(plan.argv?.first == "/usr/sbin/runuser")
        #expect(plan.passwordFile?.madeByTheCommand == true)

        let ownDirectories = { TemporaryPasswordFilesTests.directories(of: getpid()) }
        let before = ownDirectories()
        let directory = try TemporaryDirectory()
        let transcript = try Transcript(directory: directory.path)
        let sampler = SecretSampler(secret: Self.password)
        sampler.start()
        var seen: [(path: String, owner: uid_t?, mode: mode_t?, fileMode: mode_t?)] = []
        var ended = false
        let run = try CommandHarness.run(plan, transcript: transcript, timeout: 60) { run in
            guard !ended, run.buffer.lines.contains("logged-in") else { return }
            ended = true
            seen = ownDirectories().filter { !before.contains($0) }.map { path in
                (path, TemporaryPasswordFilesTests.owner(path), TemporaryPasswordFilesTests.mode(path),
                 TemporaryPasswordFilesTests.mode(path + "/pgpass"))
            }
            switch ending {
            // A long grace: on a loaded machine the group may take seconds to go.
            case .interrupted: run.cancel(grace: 20)
            case .hungUp: kill(-run.processGroup, SIGHUP)
            }
        }
        let sampled = sampler.stop()

        #expect(run.buffer.lines.contains("replicator"), "\(run.buffer.lines)")
        // Logged in through the file: libpq never had to ask.
        #expect(!run.buffer.lines.joined().contains("Password for user"), "\(run.buffer.lines)")
        // sudo dies of its command's signal; runuser, standing in, exits
        // with 128 + the signal instead.
        let signal = ending == .interrupted ? SIGINT : SIGHUP
        #expect([PtyProcess.Exit.signalled(signal), .exited(128 + signal)].contains(run.exit), "\(String(describing: run.exit))")
        // While it ran: one directory, the command's user's, 0700, with the
        // 0600 file; afterwards nothing.
        try #require(seen.count == 1, "\(seen.map(\.path))")
        let postgres = try #require(getpwnam("postgres")).pointee.pw_uid
        #expect(seen[0].owner == postgres)
        #expect(seen[0].mode == 0o700 && seen[0].fileMode == 0o600)
        #expect(!FileManager.default.fileExists(atPath: seen[0].path), "\(seen[0].path) outlived the command")
        #expect(ownDirectories().filter { !before.contains($0) } == [])

        #expect(sampled.passes > 5 && sampled.environmentsRead > sampled.passes)
        #expect(sampled.leaks.isEmpty, "the password was visible: \(sampled.leaks)")
        #expect(!run.buffer.lines.joined().contains(Self.password))
        #expect(!(try String(contentsOfFile: transcript.path, encoding: .utf8)).contains(Self.password))
    }
}
