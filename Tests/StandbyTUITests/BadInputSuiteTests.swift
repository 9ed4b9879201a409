import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// The fault suite's bad input: answers an operator could get wrong, each
/// given to `run` against a real lab. Every one is refused with the field
/// (or the file) named, said once, and nothing on either cluster changes.
/// Prints its own tally.
extension LabTests {
@Suite("Bad input on purpose")
struct BadInputSuiteTests {
    /// A name, what to do to the lab's answers file, and what the refusal
    /// must name.
    struct BadInput {
        var name: String
        var change: (String) -> String
        var names: String
    }

    static func replacing(_ key: String, with value: String) -> (String) -> String {
        { text in
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(key + ":") ? "\(key): \(value)" : String($0) }
                .joined(separator: "\n")
        }
    }

    static var cases: [BadInput] { [
        BadInput(name: "primary address out of range", change: replacing("PRIMARY_PG_IP", with: "999.1.1.1"), names: "PRIMARY_PG_IP"),
        BadInput(name: "standby address with spaces", change: replacing("SECONDARY_PG_IP", with: "\"not an address\""), names: "SECONDARY_PG_IP"),
        BadInput(name: "role name with a space", change: replacing("REP_USER", with: "\"bad name\""), names: "REP_USER"),
        BadInput(name: "relative archive directory", change: replacing("REP_ARCHIVE", with: "relative/archive"), names: "REP_ARCHIVE"),
        BadInput(name: "port above 65535", change: replacing("PRIMARY_PG_PORT", with: "70000"), names: "PRIMARY_PG_PORT"),
        BadInput(name: "port that is not a number", change: replacing("SECONDARY_PG_PORT", with: "abc"), names: "SECONDARY_PG_PORT"),
        BadInput(name: "empty password", change: replacing("REP_USER_PW", with: "\"\""), names: "REP_USER_PW"),
        BadInput(name: "unknown version", change: replacing("PRIMARY_PG_VERSION", with: "\"8.4\""), names: "PRIMARY_PG_VERSION"),
        BadInput(name: "unknown key", change: { $0 + "\nNOT_A_SETTING: 1\n" }, names: "NOT_A_SETTING"),
        BadInput(name: "broken YAML", change: { $0 + "\nREP_USER: [unclosed\n" }, names: "answers"),
        BadInput(name: "binary file", change: { _ in "\u{0}\u{1}\u{2}REP_USER\u{0}" }, names: "answers"),
    ] }

    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func everyBadAnswerIsRefusedAndChangesNothing() throws {
        let lab = try TestLab("fbi")
        let original = try String(contentsOfFile: lab.answersPath, encoding: .utf8)
        let watched = [HostRole.primary, .secondary].flatMap { role -> [String] in
            let answers = HostAnswers(role, values: lab.values)
            return answers.configFiles + (answers.configDirectory.map { [$0 + "/pg_hba.conf"] } ?? [])
        }
        func snapshot() -> [String: String] {
            Dictionary(uniqueKeysWithValues: watched.map { ($0, (try? String(contentsOfFile: $0, encoding: .utf8)) ?? "<absent>") })
        }
        let before = snapshot()
        var refused = 0
        for bad in Self.cases {
            let path = lab.scratch + "/answers.yaml"
            try Data(bad.change(original).utf8).write(to: URL(fileURLWithPath: path))
            let run = try ChildProcess.run([BuiltBinary.path, "run", "--answers", path, "--mode", "lab"])
            var problems: [String] = []
            if run.status == 0 { problems.append("accepted") }
            if !run.output.contains(bad.names) { problems.append("does not name \(bad.names)") }
            if run.output.contains("Error: Error:") || run.output.components(separatedBy: "Error:").count > 2 { problems.append("error said twice") }
            if snapshot() != before { problems.append("a configuration file changed") }
            if problems.isEmpty { refused += 1 }
            print("bad input: \(bad.name): " + (problems.isEmpty ? "refused, nothing changed" : problems.joined(separator: "; ")))
            for problem in problems { Issue.record("\(bad.name): \(problem)\n\(run.output)") }
        }
        print("bad input: \(Self.cases.count) tried, \(refused) refused with the field named, nothing changed")
        #expect(refused == Self.cases.count)
    }
}
}
