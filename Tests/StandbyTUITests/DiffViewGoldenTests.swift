import Foundation
import StandbyCore
import Testing
@testable import StandbyTUI

@Suite("Diff view renders to its golden text")
struct DiffViewGoldenTests {
    static let sizes = [TerminalSize(width: 80, height: 24), TerminalSize(width: 120, height: 40)]

    /// The primary-settings edit on the postgresql.conf the installed
    /// server ships.
    static func settingsChange() throws -> FileChange {
        let path = "/etc/postgresql/15/main/postgresql.conf"
        let sample = try String(contentsOfFile: "/usr/share/postgresql/15/postgresql.conf.sample", encoding: .utf8)
        var chain = try ConfChain(rootPath: path, autoConfPath: nil, source: .memory([path: sample]))
        _ = ConfEditor.set([("listen_addresses", "*"), ("wal_level", "replica"), ("archive_mode", "on"),
                            ("archive_command", "test ! -f '/var/lib/postgresql/wal archive'/%f && cp %p '/var/lib/postgresql/wal archive'/%f"),
                            ("max_wal_senders", "10"), ("wal_keep_size", "1GB")],
                           in: &chain, dateStamp: "2026-01-15")
        return FileChange(path: path, role: .postgresqlConf, original: Array(sample.utf8), proposed: chain.files[path]?.text)
    }

    /// Draws a page where the wizard's step pane is on an edit step (the
    /// step list folded), nothing else.
    static func draw(_ page: DiffPage, size: TerminalSize) -> MemoryScreen {
        let layout = WizardLayout(size: size, folded: true)
        var frame = Frame(size: size)
        let body = layout.bodyRect
        for (offset, line) in page.lines.enumerated() {
            var col = body.col
            for segment in line.segments {
                col += frame.put(segment.text, row: body.row + offset, col: col, style: segment.style, maxWidth: body.right - col + 1)
            }
        }
        let screen = MemoryScreen(size: size)
        screen.show(frame)
        return screen
    }

    static func page(_ change: FileChange, summary: String, scroll: Int, shift: Int = 0, size: TerminalSize) -> DiffPage {
        let body = WizardLayout(size: size, folded: true).bodyRect
        return DiffView.page(change, host: .primary, summary: summary, scroll: scroll, shift: shift, width: body.width,
                             height: body.height)
    }

    /// archive_command is longer than the pane at 80x24: its row ends in
    /// the `>` marker, and moved sideways its end is on screen, with `<`.
    @Test func longLinesGoSidewaysWithAMarker() throws {
        let size = TerminalSize(width: 80, height: 24)
        let change = try Self.settingsChange()
        let start = Self.page(change, summary: "6 settings changed", scroll: 0, size: size)
        #expect(start.maxShift > 0)
        #expect(WizardLayout(size: size, folded: true).bodyRect.width >= 72)
        let added = { (page: DiffPage) in
            page.lines.first { $0.segments.count > 1 && $0.segments[1].style == .diffAdded }
        }
        let cut = try #require(added(start))
        #expect(cut.segments.last?.text == ">")
        #expect(!cut.segments.map(\.text).joined().contains("listen on;"))
        let moved = Self.page(change, summary: "6 settings changed", scroll: 0, shift: 40, size: size)
        let end = try #require(added(moved))
        #expect(end.segments.contains { $0.text == "<" })
        #expect(end.segments.map(\.text).joined().contains("listen on;"))
        #expect(Self.page(change, summary: "6 settings changed", scroll: 0, shift: 10_000, size: size).shift == start.maxShift)
        for page in [start, moved] {
            for line in page.lines { #expect(line.segments.map(\.text).joined().displayWidth <= 72) }
        }
        GoldenFile.check("diff-long-lines-80x24", Self.draw(start, size: size))
        GoldenFile.check("diff-long-lines-sideways-80x24", Self.draw(moved, size: size))
    }

    @Test(arguments: sizes)
    func settingsFromTheTop(size: TerminalSize) throws {
        let page = Self.page(try Self.settingsChange(), summary: "6 settings changed", scroll: 0, size: size)
        GoldenFile.check("diff-settings-\(size)", Self.draw(page, size: size))
    }

    @Test(arguments: sizes)
    func settingsScrolledPastTheEnd(size: TerminalSize) throws {
        let page = Self.page(try Self.settingsChange(), summary: "6 settings changed", scroll: 10_000, size: size)
        #expect(page.scroll == page.maxScroll)
        GoldenFile.check("diff-settings-end-\(size)", Self.draw(page, size: size))
    }

    @Test func passwordFileAndSignalFile() {
        let size = TerminalSize(width: 80, height: 24)
        let pgpass = FileChange(path: "/var/lib/postgresql/.pgpass", role: .passwordFile,
                                original: Array("# other entries\n*:*:*:monitor:m0n\n".utf8),
                                proposed: "# other entries\n*:*:*:monitor:m0n\n192.0.2.10:5432:replication:replicator:s3cret\n",
                                mask: .passwordFileField)
        let pgpassScreen = Self.draw(Self.page(pgpass, summary: "1 password file entry written", scroll: 0, size: size), size: size)
        #expect(!pgpassScreen.text.contains("s3cret") && !pgpassScreen.text.contains("m0n"))
        GoldenFile.check("diff-pgpass-80x24", pgpassScreen)
        let signal = FileChange(path: "/var/lib/postgresql/15/main/standby.signal", role: .standbySignal, original: nil, proposed: "")
        GoldenFile.check("diff-new-empty-80x24", Self.draw(Self.page(signal, summary: "1 file created", scroll: 0, size: size), size: size))
    }

    @Test func everyRowFitsAndTabsAreExpanded() throws {
        let change = try Self.settingsChange()
        for width in [20, 47, 79, 200] {
            let page = DiffView.page(change, host: .secondary, summary: "s", scroll: 3, width: width, height: 12)
            #expect(page.lines.count == 12)
            for line in page.lines {
                let text = line.segments.map(\.text).joined()
                #expect(text.displayWidth <= width, "\(text)")
                #expect(!text.contains("\t"))
            }
        }
    }

    @Test func monochromeStillTellsRemovedFromAdded() throws {
        let page = DiffView.page(try Self.settingsChange(), host: .primary, summary: "s", scroll: 0, width: 60, height: 30)
        let marks = page.lines.compactMap { line -> (String, Style)? in
            // The segment after the line numbers carries the mark.
            guard line.segments.count > 1 else { return nil }
            let last = line.segments[1]
            guard last.style == .diffRemoved || last.style == .diffAdded else { return nil }
            return (String(last.text.prefix(1)), last.style)
        }
        #expect(!marks.isEmpty)
        #expect(marks.allSatisfy { ($0.0 == "-" && $0.1 == .diffRemoved) || ($0.0 == "+" && $0.1 == .diffAdded) })
    }
}
