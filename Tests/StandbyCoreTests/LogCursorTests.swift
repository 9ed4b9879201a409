import Foundation
import StandbyCore
import TestSupport
import Testing

@Suite("Reading only what the log gained")
struct LogCursorTests {
    static let line = "2024-05-02 09:14:03.118 UTC [812] LOG:  checkpoint starting: time\n"

    func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    @Test func partialLinesWaitAndRotationFinishesTheOldFile() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/server.log"
        try "old content\n".write(toFile: path, atomically: false, encoding: .utf8)
        let cursor = LogCursor(path: path)
        try append("first\nhal", to: path)
        #expect(cursor.readNewLines() == ["first"])
        try append("f\nlast words of the old file\n", to: path)
        // logrotate's create mode: the old file is renamed, a new one made.
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try "new file\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(cursor.readNewLines() == ["half", "last words of the old file", "new file"])
        #expect(cursor.rotations == 1)
        try append("more\n", to: path)
        #expect(cursor.readNewLines() == ["more"])
    }

    /// A region is handed out in slices of about the limit, whole lines
    /// only; a line longer than the limit comes whole; a rotation met
    /// midway finishes the old file before the new one.
    @Test func regionsComeInSlicesOfWholeLines() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/server.log"
        try "".write(toFile: path, atomically: false, encoding: .utf8)
        let cursor = LogCursor(path: path)
        let long = String(repeating: "x", count: 300)
        let lines = (0..<50).map { "line \($0)" } + [long] + (50..<60).map { "line \($0)" }
        try append(lines.joined(separator: "\n") + "\n", to: path)
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try "in the new file\n".write(toFile: path, atomically: false, encoding: .utf8)
        var seen: [String] = []
        var slices = 0
        while true {
            let region = cursor.readNewRegion(limit: 64)
            if region.isEmpty { break }
            slices += 1
            let text = String(decoding: region, as: UTF8.self)
            #expect(text.hasSuffix("\n"))
            let sliceLines = text.split(separator: "\n").map(String.init)
            if !sliceLines.contains(long) { #expect(region.count <= 64 + 8, "\(text)") }
            seen += sliceLines
        }
        #expect(seen == lines + ["in the new file"])
        #expect(slices >= 8)
        #expect(cursor.rotations == 1)
    }

    @Test func truncationStartsOverAtZero() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/server.log"
        try String(repeating: "x", count: 1000).appending("\n").write(toFile: path, atomically: false, encoding: .utf8)
        let cursor = LogCursor(path: path)
        // copytruncate: same inode, emptied, then written from the start.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 0)
        try handle.close()
        try append("after truncation\n", to: path)
        #expect(cursor.readNewLines() == ["after truncation"])
        #expect(cursor.truncations == 1)
    }

    /// Debian's logrotate copies the log to PATH.1, then empties it: what
    /// the server wrote after the step began is read from the copy, then
    /// the emptied file from its start; in slices when asked.
    @Test(arguments: [Int.max, 7])
    func copytruncateIsReadFromTheCopyFirst(limit: Int) throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/server.log"
        try "before the step\n".write(toFile: path, atomically: false, encoding: .utf8)
        let cursor = LogCursor(path: path)
        try append("started streaming\nready\n", to: path)
        let copy = try #require(FileManager.default.contents(atPath: path))
        try copy.write(to: URL(fileURLWithPath: path + ".1"))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 0)
        try handle.close()
        try append("after rotation\n", to: path)
        var lines: [String] = []
        for _ in 0..<20 {
            let region = cursor.readNewRegion(limit: limit)
            lines += String(decoding: region, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        #expect(lines == ["started streaming", "ready", "after rotation"])
        #expect(cursor.truncations == 1)
    }

    /// A PATH.1 shorter than what was read is an older rotation's, not
    /// this one's copy: left alone.
    @Test func anOlderRotatedFileIsNotRead() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/server.log"
        try "old\n".write(toFile: path + ".1", atomically: false, encoding: .utf8)
        try String(repeating: "x", count: 100).appending("\n").write(toFile: path, atomically: false, encoding: .utf8)
        let cursor = LogCursor(path: path)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 0)
        try handle.close()
        try append("new\n", to: path)
        #expect(cursor.readNewLines() == ["new"])
    }

    @Test func aFileThatAppearsLaterIsReadFromItsStart() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/server.log"
        let cursor = LogCursor(path: path)
        #expect(cursor.readNewLines().isEmpty)
        try "created\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(cursor.readNewLines() == ["created"])
    }

    /// A sparse file of 4 GB of old "content" costs nothing: the gate reads
    /// exactly the bytes appended after it started.
    @Test func gigabytesOfOldLogAreNotScanned() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/server.log"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 4 << 30)
        try handle.close()
        let gate = LogGate(stepID: "primary-ready", gate: GateAction(expect: [.acceptingConnections]), host: .primary,
                           location: LogLocator.given(path), prefix: .debianCurrent, reading: LocalHost())
        let appended = Self.line + "2024-05-02 09:14:05.001 UTC [812] LOG:  database system is ready to accept connections\n"
        try append(appended, to: path)
        #expect(gate.poll() == .passed([.acceptingConnections]))
        #expect(gate.bytesRead == UInt64(appended.utf8.count))
    }

    /// 100 MB of real-looking lines through the whole gate (cursor, parser,
    /// catalogue, signals), against grep -c on the same file. Reported, not
    /// asserted: timings depend on the machine and the build.
    @Test func scanCostOfAHundredMegabytesComparedWithGrep() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/server.log"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let gate = LogGate(stepID: "primary-ready", gate: GateAction(expect: [.acceptingConnections]), host: .primary,
                           location: LogLocator.given(path), prefix: .debianCurrent, reading: LocalHost())
        let block = [
            "2024-05-02 09:14:03.118 UTC [812] LOG:  checkpoint starting: time",
            "2024-05-02 09:14:33.201 UTC [812] LOG:  checkpoint complete: wrote 12 buffers (0.1%); 0 WAL file(s) added, 0 removed, 0 recycled",
            "2024-05-02 09:15:41.552 UTC [1907] app@shop ERROR:  duplicate key value violates unique constraint \"orders_pkey\"",
            "2024-05-02 09:15:41.552 UTC [1907] app@shop DETAIL:  Key (id)=(42) already exists.",
            "2024-05-02 09:15:41.552 UTC [1907] app@shop STATEMENT:  INSERT INTO orders VALUES (42)",
        ].joined(separator: "\n") + "\n"
        let chunk = String(repeating: block, count: 10_000)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        var written = 0
        while written < 100_000_000 {
            try handle.write(contentsOf: Data(chunk.utf8))
            written += chunk.utf8.count
        }
        try handle.write(contentsOf: Data("2024-05-02 09:16:00.000 UTC [812] LOG:  database system is ready to accept connections\n".utf8))
        try handle.close()

        let gateStart = Date()
        let verdict = gate.pollToEnd()
        let gateSeconds = Date().timeIntervalSince(gateStart)
        let grepStart = Date()
        let grep = try ChildProcess.run(["/bin/grep", "-c", "ready to accept connections", path])
        let grepSeconds = Date().timeIntervalSince(grepStart)
        #expect(verdict == .passed([.acceptingConnections]))
        #expect(grep.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        print(String(format: "log gate scan of %.0f MB: %.2f s; grep -c: %.2f s; ratio %.0fx",
                     Double(gate.bytesRead) / 1e6, gateSeconds, grepSeconds, gateSeconds / max(grepSeconds, 0.001)))
    }
}
