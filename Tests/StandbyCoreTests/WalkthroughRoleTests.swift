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
        #expect(mine.count == all.filter { $0.host == role || $0.host == .local }.count)
        #expect(mine.contains { $0.host == role })
        // The forms stay: each host's steps need the other's address.
        #expect(mine.filter { if case .form = $0.action { return true }; return false }.count == 3)
    }

    @Test func theRoleSurvivesTheJournal() throws {
        let state = WalkthroughState(answers: Self.answers, role: .secondary)
        let back = try JSONDecoder().decode(WalkthroughState.self, from: JSONEncoder().encode(state))
        #expect(back.role == .secondary)
        let older = try JSONDecoder().decode(WalkthroughState.self, from: Data(#"{"mode":"full","answers":{},"statuses":{},"changedHosts":[]}"#.utf8))
        #expect(older.role == nil)
    }
}
