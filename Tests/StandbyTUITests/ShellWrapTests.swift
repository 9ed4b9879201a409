@testable import StandbyTUI
import Testing

/// Commands on screen break only between shell words, so that what the
/// operator reads (and may type by hand) is the command that runs.
@Suite("Commands wrap between shell words")
struct ShellWrapTests {
    static let setAside = #"runuser -u postgres -- test -d /var/lib/postgresql/15/ux-standby && old=/var/lib/postgresql/15/ux-standby.pre-standby-$(date +%Y%m%d-%H%M%S)-$$ && test ! -e "$old" && mv /var/lib/postgresql/15/ux-standby "$old" && echo "kept as $old""#

    @Test func wordsKeepQuotesAndSubstitutionsWhole() {
        let words = ShellWrap.words(Self.setAside)
        #expect(words.contains("old=/var/lib/postgresql/15/ux-standby.pre-standby-$(date +%Y%m%d-%H%M%S)-$$"))
        #expect(words.contains(#""kept as $old""#))
        #expect(words.contains(#""$old""#))
        #expect(ShellWrap.words(#"a 'b  c' d\ e "f'g" `h i`"#) == ["a", "'b  c'", #"d\ e"#, #""f'g""#, "`h i`"])
    }

    /// At every width: rows fit, none breaks a word, and the rows joined
    /// again are the command's words in order.
    @Test(arguments: [20, 30, 47, 66, 72, 200])
    func rowsJoinBackToTheSameWords(width: Int) {
        let rows = ShellWrap.wrap(Self.setAside, width: width)
        let words = ShellWrap.words(Self.setAside)
        for row in rows { #expect(row.text.displayWidth <= width - 2, "\(row.text)") }
        // Read back as the shell reads ` \`-newline: the same words.
        var joined = ""
        for row in rows { joined += joined.isEmpty || row.insideWord ? row.text : " " + row.text }
        #expect(ShellWrap.words(joined) == words)
        // A row ends inside a word only for a word wider than a row.
        let widest = words.map(\.displayWidth).max() ?? 0
        if widest <= width - 2 { #expect(rows.flatMap { ShellWrap.words($0.text) } == words) }
    }

    @Test func theMvIsOnScreenWholeAtThePaneWidth() {
        let lines = PaneLine.shellCommand(Self.setAside, width: 72).map { $0.segments.map(\.text).joined() }
        #expect(lines.contains { $0.contains(#"mv /var/lib/postgresql/15/ux-standby "$old""#) })
        #expect(!lines.joined().contains("..."))
        // A continuation mark only after a whole word, never inside a path.
        for line in lines.dropLast() { #expect(line.hasSuffix(" \\")) }
        #expect(!lines.contains { $0.hasSuffix("PG_VERS \\") })
        #expect(lines.allSatisfy { $0.displayWidth <= 72 })
    }

    /// su's one quoted argument is wider than any pane: it goes on under a
    /// `> `, without a backslash that would change it.
    @Test func aWordWiderThanThePaneGoesOnWithoutABackslash() {
        let su = "su -s /bin/sh -c '" + Self.setAside.replacingOccurrences(of: "'", with: "") + "' postgres"
        let rows = ShellWrap.wrap(su, width: 40)
        #expect(rows.contains { $0.wordGoesOn })
        let lines = PaneLine.shellCommand(su, width: 44).map { $0.segments.map(\.text).joined() }
        for (row, line) in zip(rows, lines) where row.wordGoesOn { #expect(!line.hasSuffix("\\")) }
        #expect(lines.contains { $0.hasPrefix("  > ") })
        #expect(lines.joined().replacingOccurrences(of: "  > ", with: "").replacingOccurrences(of: " \\", with: "").contains("mv /var"))
    }
}
