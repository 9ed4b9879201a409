import Foundation
import StandbyCore
import Testing

@Suite("Running one host's steps")
struct WalkthroughRoleTests {
    static let walkthrough = Walkthrough(screens: ScreenLoader.load(sources: BuiltInScreens.files).screens)
    static let answers = Answers(["PRIMARY_PG_VERSION": "15", "SECONDARY_PG_VERSION": "15",
                                  "PRIMARY_PG_CLUSTER": "main", "SECONDARY_PG_CLUSTER": "main"])

    @Test(arguments: [HostRole.primary, .secondary])
    func aRoleKeepsItsOwnAndTheSharedSteps(role: HostRole) {
        let all = Self.walkthrough.visibleSteps(in: WalkthroughState(answers: Self.answers))
        let mine = Self.walkthrough.visibleSteps(in: WalkthroughState(answers: Self.answers, role: role))
        #expect(mine.allSatisfy { $0.host == role || $0.host == .local })
        // Checks that need both servers are left to a walkthrough that has both.
        let needsBoth = all.filter { $0.condition.hosts == [.both] }
        #expect(needsBoth.map(\.id) == ["preflight", "verify"])
        let onlyMine = Self.walkthrough.screens.filter { $0.condition.hosts == [HostsInReach(role: role)] }
        #expect(mine.count == all.filter { ($0.host == role || $0.host == .local) && !needsBoth.contains($0) }.count + onlyMine.count)
        // The standby's part ends with the checks this host can make alone.
        #expect(onlyMine.map(\.id) == (role == .secondary ? ["verify-standby"] : []))
        #expect(mine.contains { $0.host == role })
        // The forms stay: each host's steps need the other's address.
        #expect(mine.filter { if case .form = $0.action { return true }; return false }.count == 4)
    }

    /// The standby's part knocks on the primary's door and logs in before
    /// it stops anything or moves the data aside.
    @Test func theStandbysPartChecksThePrimaryFirst() {
        let ids = Self.walkthrough.visibleSteps(in: WalkthroughState(answers: Self.answers, role: .secondary)).map(\.id)
        let login = ids.firstIndex(of: "secondary-replication-login")
        let reach = ids.firstIndex(of: "secondary-reach-primary")
        let stop = ids.firstIndex(of: "secondary-stop")
        #expect(reach != nil && login != nil && stop != nil)
        if let reach, let login, let stop { #expect(reach < login && login < stop) }
    }

    @Test func theRoleSurvivesTheJournal() throws {
        let state = WalkthroughState(answers: Self.answers, role: .secondary)
        let back = try JSONDecoder().decode(WalkthroughState.self, from: JSONEncoder().encode(state))
        #expect(back.role == .secondary)
        let older = try JSONDecoder().decode(WalkthroughState.self, from: Data(#"{"mode":"full","answers":{},"statuses":{},"changedHosts":[]}"#.utf8))
        #expect(older.role == nil)
    }
}
