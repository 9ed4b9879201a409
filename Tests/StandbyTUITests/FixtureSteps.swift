import StandbyCore
import StandbyTUI
import TestSupport

/// One step of every action kind, built in code so the goldens test the
/// renderer, not the wording of screens/ (which has its own checks).
enum FixtureSteps {
    static func at(_ line: Int) -> SourceLocation { SourceLocation(file: "fixture.yaml", line: line) }

    static let all: [ScreenDefinition] = [
        ScreenDefinition(id: "welcome", title: "Welcome", host: .local,
                         text: "This wizard builds a hot standby: a second server that replays the primary's changes and answers read-only queries.\n\nYou need:\n- root on both hosts\n- the same PostgreSQL major version on both",
                         help: "Help for the welcome step.", action: .info, location: at(1)),
        ScreenDefinition(id: "primary-host", title: "Primary host", host: .primary,
                         text: "Where the primary runs.",
                         action: .form(FormAction(fields: ["PRIMARY_PG_IP", "PRIMARY_PG_PORT", "PRIMARY_PG_VERSION", "PRIMARY_PG_CLUSTER"])),
                         location: at(2)),
        ScreenDefinition(id: "replication", title: "Replication role", host: .primary,
                         text: "The role the standby logs in as.",
                         action: .form(FormAction(fields: ["REP_USER", "REP_USER_PW", "REP_ARCHIVE"])),
                         location: at(3)),
        ScreenDefinition(id: "create-role", title: "Create the replication role", host: .primary,
                         text: "Creates $REP_USER with the REPLICATION attribute; its password is $REP_USER_PW.",
                         action: .command(CommandAction(spec: .shell("createuser -U postgres $REP_USER -P -c 5 --replication"), runAs: .postgres)),
                         location: at(4)),
        ScreenDefinition(id: "pg-hba", title: "Admit the secondary", host: .primary,
                         text: "Adds a pg_hba.conf rule for the standby's address.",
                         action: .edit(EditAction(file: .pgHbaConf, hbaRules: [
                            HbaRuleTemplate(type: "host", database: "replication", user: "$REP_USER", address: "$SECONDARY_PG_IP/32", method: "md5")])),
                         location: at(5)),
        ScreenDefinition(id: "settings", title: "Replication settings", host: .primary,
                         text: "Turns on WAL shipping.",
                         action: .edit(EditAction(file: .postgresqlConf, settings: [
                            ConfigSetting(name: "listen_addresses", value: "*"),
                            ConfigSetting(name: "archive_mode", value: "on")])),
                         location: at(6)),
        ScreenDefinition(id: "restart", title: "Restart the primary", host: .primary,
                         text: "Settings like wal_level take effect only on restart.",
                         action: .command(CommandAction(spec: .service(.restart), runAs: .root)),
                         location: at(7)),
        ScreenDefinition(id: "primary-gate", title: "Check the primary's log", host: .primary,
                         text: "Reads the new part of the log.",
                         action: .gate(GateAction(expect: [.acceptingConnections], timeoutSeconds: 60)),
                         location: at(8)),
        ScreenDefinition(id: "move-aside", title: "Move the data directory aside", host: .secondary,
                         text: "Keeps the old files under a new name.",
                         action: .command(CommandAction(spec: .shell("mv /var/lib/postgresql/15/main /var/lib/postgresql/15/main.pre-standby"), destructive: true)),
                         location: at(9)),
        ScreenDefinition(id: "verify", title: "Verify replication", host: .secondary,
                         text: "Proves the standby follows the primary.",
                         action: .verify(VerifyAction(checks: [.inRecovery, .replicationStreaming, .writeTest])),
                         location: at(10)),
    ]

    static var walkthrough: Walkthrough { Walkthrough(screens: all) }

    static let goodAnswers: [String: String] = [
        "PRIMARY_PG_IP": "192.0.2.10", "PRIMARY_PG_PORT": "5432", "PRIMARY_PG_VERSION": "15",
        "PRIMARY_PG_CLUSTER": "main", "SECONDARY_PG_IP": "192.0.2.20", "SECONDARY_PG_PORT": "5432",
        "SECONDARY_PG_VERSION": "15", "SECONDARY_PG_CLUSTER": "main", "REP_USER": "replicator",
        "REP_USER_PW": "s3cret 'quoted' \\ pw", "REP_ARCHIVE": "/var/lib/postgresql/wal archive",
    ]

    /// The app on two hosts in memory: what it shows comes from the
    /// engine's drivers, as on a real run, without touching this machine.
    static func app(at stepID: String? = nil, answers: [String: String] = goodAnswers,
                    size: TerminalSize = TerminalSize(width: 80, height: 24), hosts: MemoryHosts = MemoryHosts()) -> WizardApp {
        app(WalkthroughState(mode: .full, currentStepID: stepID, answers: Answers(answers)), size: size, hosts: hosts)
    }

    static func app(_ state: WalkthroughState, steps: [ScreenDefinition] = all, size: TerminalSize = TerminalSize(width: 80, height: 24),
                    hosts: MemoryHosts = MemoryHosts()) -> WizardApp {
        var app = WizardApp(walkthrough: Walkthrough(screens: steps), state: state, size: size,
                            executor: StepExecutor(hosts: hosts, transcript: nil))
        app.performPending()
        return app
    }
}

extension WizardApp {
    /// Feeds keys; returns the outcome of the last.
    @discardableResult
    mutating func press(_ keys: Key...) -> AppOutcome {
        var outcome = AppOutcome.running
        for key in keys {
            outcome = handle(key)
            // As the main loop does after each key.
            performPending()
        }
        return outcome
    }

    mutating func type(_ text: String) {
        for ch in text {
            _ = handle(.character(ch))
            performPending()
        }
    }

    func draw(glyphs: GlyphSet = .ascii) -> MemoryScreen {
        let screen = MemoryScreen(size: size, glyphs: glyphs)
        screen.show(WizardView.render(self))
        return screen
    }
}
