import Foundation
import StandbyCore
import StandbyTUI
import Testing

/// The local cluster's version is looked up after the first frame and
/// taken in when it arrives, without undoing anything the operator gave.
@Suite("Defaults found after the first frame")
struct LateDefaultsTests {
    /// A lookup that counts its calls and answers only when released, as a
    /// slow pg_lsclusters would.
    final class SlowLookup: @unchecked Sendable {
        let release = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var count = 0
        var calls: Int { lock.withLock { count } }

        func defaults(_ values: [String: String]) -> LateDefaults {
            LateDefaults { [self] in
                lock.withLock { count += 1 }
                release.wait()
                return values
            }
        }
    }

    static let detected = ["PRIMARY_PG_VERSION": "13", "SECONDARY_PG_VERSION": "13"]

    /// Ticks as the main loop does until `done` or two seconds pass.
    static func tick(_ app: inout WizardApp, until done: (WizardApp) -> Bool) {
        let deadline = Date().addingTimeInterval(2)
        while !done(app) && Date() < deadline {
            _ = app.tick()
            usleep(1000)
        }
    }

    static func versionField(_ app: WizardApp) -> String? {
        app.draw().text.split(separator: "\n").first { $0.contains("Primary version") }.map(String.init)
    }

    @Test func nothingIsLookedUpBeforeTheFirstFrame() {
        let lookup = SlowLookup()
        var app = FixtureSteps.app(at: "welcome", answers: [:])
        app.lateDefaults = lookup.defaults(Self.detected)
        _ = app.tick()
        #expect(app.draw().text.contains("Welcome"))
        #expect(lookup.calls == 0)
        #expect(app.pollMilliseconds == 200)
        app.frameShown()
        app.frameShown()
        Self.tick(&app) { _ in lookup.calls > 0 }
        // Looking: the loop comes back soon to take the answer in.
        #expect(app.pollMilliseconds == 15)
        lookup.release.signal()
        Self.tick(&app) { $0.state.answers["PRIMARY_PG_VERSION"] != nil }
        #expect(lookup.calls == 1)
        #expect(app.state.answers["PRIMARY_PG_VERSION"] == "13")
        #expect(app.state.answers["SECONDARY_PG_VERSION"] == "13")
        #expect(app.pollMilliseconds == 200)
    }

    @Test func aFormAlreadyOnScreenShowsTheVersionWhenItArrives() throws {
        let lookup = SlowLookup()
        var app = FixtureSteps.app(at: "welcome", answers: [:])
        app.lateDefaults = lookup.defaults(Self.detected)
        app.frameShown()
        // The operator is quicker than the lookup.
        app.press(.enter)
        #expect(app.currentStep?.id == "primary-host")
        #expect(try #require(Self.versionField(app)).contains("[ "))
        lookup.release.signal()
        Self.tick(&app) { $0.state.answers["PRIMARY_PG_VERSION"] != nil }
        #expect(try #require(Self.versionField(app)).contains("[13 "))
        // Submitted as shown.
        app.type("192.0.2.10")
        app.press(.tab, .tab, .tab, .enter)
        #expect(app.currentStep?.id == "replication")
        #expect(app.state.answers["PRIMARY_PG_VERSION"] == "13")
    }

    @Test func whatTheOperatorTypedOrTheAnswersFileGaveStays() throws {
        let lookup = SlowLookup()
        var app = FixtureSteps.app(at: "primary-host", answers: ["SECONDARY_PG_VERSION": "16"])
        app.lateDefaults = lookup.defaults(Self.detected)
        app.frameShown()
        app.type("192.0.2.10")
        app.press(.tab, .tab)
        app.type("17")
        lookup.release.signal()
        Self.tick(&app) { $0.state.answers["PRIMARY_PG_VERSION"] != nil }
        #expect(try #require(Self.versionField(app)).contains("[17 "))
        #expect(app.state.answers["SECONDARY_PG_VERSION"] == "16")
        app.press(.tab, .enter)
        #expect(app.currentStep?.id == "replication")
        #expect(app.state.answers["PRIMARY_PG_VERSION"] == "17")
    }
}
