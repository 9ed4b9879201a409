import Foundation
import StandbyCore
@testable import StandbyTUI
import TestSupport
import Testing

/// The live screens an operator sees, drawn by driving the engine against
/// hosts in memory: a command's output, a failure with its diagnosis, a
/// diff before and after it is applied, a gate that passes and one that
/// fails, the checks running with their countdown, passed and failed.
@Suite("Live screens render to their golden text", .serialized)
struct LiveGoldenTests {
    static let sizes = [TerminalSize(width: 80, height: 24), TerminalSize(width: 120, height: 40)]
    static let hba = "psql: error: connection to server at \"192.0.2.10\", port 5432 failed: FATAL:  no pg_hba.conf entry for replication connection from host \"192.0.2.20\", user \"replicator\", no encryption"

    static func app(at id: String, size: TerminalSize, hosts: MemoryHosts = MemoryLab.hosts()) -> WizardApp {
        var app = FixtureSteps.app(at: id, size: size, hosts: hosts)
        app.clock = { Date(timeIntervalSince1970: 1_000_000) }
        return app
    }

    static func settle(_ app: inout WizardApp, until done: (WizardApp) -> Bool = { !$0.isBusy }) {
        let deadline = Date().addingTimeInterval(30)
        while !done(app) && Date() < deadline {
            _ = app.tick()
            Thread.sleep(forTimeInterval: 0.005)
        }
    }

    @Test(arguments: sizes)
    func commandWithOutput(size: TerminalSize) {
        let hosts = MemoryLab.hosts()
        hosts.primary.script(.init("createuser", output: "Enter password for new role: \r\nEnter it again: \r\nrole replicator made\r\n"))
        var app = Self.app(at: "create-role", size: size, hosts: hosts)
        app.press(.enter, .character("y"))
        Self.settle(&app)
        #expect(app.draw().text.contains("role replicator made"))
        GoldenFile.check("live-command-done-\(size)", app.draw())
    }

    @Test(arguments: sizes)
    func failedCommandWithItsDiagnosis(size: TerminalSize) {
        let hosts = MemoryLab.hosts()
        hosts.secondary.script(.init("mv ", output: Self.hba + "\r\n", exitStatus: 2))
        var app = Self.app(at: "move-aside", size: size, hosts: hosts)
        app.press(.enter)
        GoldenFile.check("live-command-confirm-\(size)", app.draw())
        app.press(.character("y"))
        Self.settle(&app)
        #expect(app.draw().text.contains("r retry"))
        GoldenFile.check("live-command-failed-\(size)", app.draw())
    }

    @Test(arguments: sizes)
    func diffBeforeAndAfterApply(size: TerminalSize) {
        let hosts = MemoryLab.hosts()
        var app = Self.app(at: "settings", size: size, hosts: hosts)
        #expect(app.draw().text.contains("+ listen_addresses = '*'"))
        GoldenFile.check("live-diff-proposed-\(size)", app.draw())
        app.press(.enter)
        #expect(hosts.primary[MemoryLab.conf]?.contains("\nlisten_addresses = '*'") == true)
        #expect(app.draw().text.contains("Applied: 2 settings changed"))
        GoldenFile.check("live-diff-applied-\(size)", app.draw())
    }

    @Test(arguments: sizes)
    func gatePassing(size: TerminalSize) {
        var app = Self.app(at: "restart", size: size)
        app.press(.enter, .character("y"))
        Self.settle(&app)
        app.press(.enter)
        Self.settle(&app) { $0.driver?.gate?.passed == true }
        #expect(app.draw().text.contains("The log shows the step worked"))
        GoldenFile.check("live-gate-passed-\(size)", app.draw())
    }

    /// pg_ctl returned, then the server stopped: the gate reads why.
    @Test(arguments: sizes)
    func gateFailing(size: TerminalSize) {
        let hosts = MemoryLab.hosts()
        hosts.primary.script(.init("pg_ctlcluster 15 main restart", appends: (MemoryLab.log,
            "2026-12-01 10:00:00.000 UTC [100] FATAL:  WAL archival cannot be enabled when wal_level is \"minimal\"\n")))
        var app = Self.app(at: "restart", size: size, hosts: hosts)
        app.press(.enter, .character("y"))
        Self.settle(&app)
        app.press(.enter)
        Self.settle(&app) { $0.driver?.gate?.causeSteps.isEmpty == false }
        #expect(app.draw().text.contains("wal_level = minimal"))
        GoldenFile.check("live-gate-failed-\(size)", app.draw())
    }

    /// The checks started on a standby that does not show the write
    /// test's row yet: the write test waits, with a deadline.
    static func checksWaiting(size: TerminalSize) -> (WizardApp, MemoryHosts) {
        let hosts = MemoryLab.hosts()
        hosts.secondary.answer("standby_wizard_check WHERE token", with: "0")
        var app = Self.app(at: "verify", size: size, hosts: hosts)
        app.press(.enter)
        Self.settle(&app) { $0.executor.checkProgress(of: "verify")?.progress?.deadline != nil }
        return (app, hosts)
    }

    @Test(arguments: sizes)
    func checksRunningThenPassed(size: TerminalSize) {
        var (app, hosts) = Self.checksWaiting(size: size)
        let deadline = app.executor.checkProgress(of: "verify")?.progress?.deadline ?? Date()
        app.clock = { deadline.addingTimeInterval(-12) }
        #expect(app.draw().text.contains("12 s"))
        GoldenFile.check("live-verify-running-\(size)", app.draw())
        // The row arrives: the running check passes.
        hosts.secondary.answer("standby_wizard_check WHERE token", with: "1")
        Self.settle(&app)
        #expect(app.draw().text.contains("Passed: the standby follows the primary."))
        // Drawn from a run whose row is there at once, so the time shown
        // does not depend on this machine's speed.
        var quick = Self.app(at: "verify", size: size)
        quick.press(.enter)
        Self.settle(&quick)
        GoldenFile.check("live-verify-passed-\(size)", quick.draw())
    }

    @Test(arguments: sizes)
    func checksFailed(size: TerminalSize) {
        let hosts = MemoryLab.hosts()
        hosts.secondary.answer("pg_is_in_recovery", with: "f")
        var app = Self.app(at: "verify", size: size, hosts: hosts)
        app.press(.enter)
        Self.settle(&app)
        #expect(app.draw().text.contains("Not every check passed"))
        GoldenFile.check("live-verify-failed-\(size)", app.draw())
    }

    /// Help opens while the checks run, and Esc cancels them; Enter runs
    /// them again.
    @Test func helpAndCancelWhileChecking() {
        var (app, hosts) = Self.checksWaiting(size: TerminalSize(width: 80, height: 24))
        app.press(.character("?"))
        #expect(app.draw().text.contains("cancel the checks"))
        app.press(.character("x"))
        app.press(.escape)
        #expect(app.driver?.verify?.wasCancelled == true)
        #expect(app.draw().text.contains("Cancelled; Enter or r runs the checks again."))
        hosts.secondary.answer("standby_wizard_check WHERE token", with: "1")
        app.press(.enter)
        Self.settle(&app)
        #expect(app.driver?.verify?.passed == true)
    }
}
