import Foundation
@testable import StandbyTUI
import Testing

/// The debrief's own page, drawn without a terminal.
@Suite("Debrief page")
struct DebriefPageTests {
    @Test func longLinesGoOnInTheNextRowsAndTooManyAreSaidToBeCut() {
        let command = "    sudo -u postgres psql -p 55432 -c \"SELECT name, setting, source, sourcefile FROM pg_settings WHERE name = 'max_connections'\""
        let frame = DebriefPage.render(title: "Debrief", lines: ["Debrief: the exercise was x", command], size: TerminalSize(width: 80, height: 24))
        let rows = (0..<24).map { row in
            (0..<80).map { col -> String in if case .text(let c) = frame[row, col].content { return String(c) } else { return "#" } }.joined()
        }
        #expect(rows[1].contains("Debrief: the exercise was x"))
        #expect(rows[2].contains("sudo -u postgres psql -p 55432"))
        #expect(rows[3].hasPrefix("#       ") && rows[3].contains("= 'max_connections'"), "\(rows[3])")
        #expect(rows[23].contains("any key closes"))

        let many = (1...40).map { "line \($0)" }
        let cut = DebriefPage.render(title: "Debrief", lines: many, size: TerminalSize(width: 80, height: 24))
        let last = (0..<80).map { col -> String in if case .text(let c) = cut[21, col].content { return String(c) } else { return "#" } }.joined()
        #expect(last.contains("the rest is printed when the screen closes"), "\(last)")
    }
}
