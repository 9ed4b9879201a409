import Foundation
import StandbyCore
import Testing

/// The gate scans a region on raw bytes and builds only the entries that can
/// matter. These tests hold it to the plain way: every line parsed into an
/// entry and every entry consumed, on random logs cut at random places.
@Suite("Region scan judges as parsing every entry would")
struct LogGateScanEquivalenceTests {
    /// The gate as it was before the region scan, from public parts only.
    final class PlainGate {
        let cursor: LogCursor
        var parser: LogParser
        var evaluator: GateEvaluator
        var regionLines: [String] = []
        var regionLinesDropped = 0

        init(path: String, gate: GateAction, prefix: LogLinePrefix, startedAt: Date) {
            cursor = LogCursor(path: path)
            parser = LogParser(prefix: prefix)
            evaluator = GateEvaluator(gate: gate, host: .secondary, startedAt: startedAt)
        }

        func poll() {
            let lines = cursor.readNewLines()
            guard !lines.isEmpty else { return }
            regionLines += lines
            if regionLines.count > LogGate.keptRegionLines * 2 {
                let excess = regionLines.count - LogGate.keptRegionLines
                regionLines.removeFirst(excess)
                regionLinesDropped += excess
            }
            for entry in parser.feed(lines) { evaluator.consume(entry) }
            if let open = parser.open { evaluator.consume(open) }
        }
    }

    /// Lines of every kind a gate meets, with the phrases it looks for in
    /// messages, continuations, quoted replies and other programs' output.
    /// A busy log is mostly the first few kinds, which match nothing.
    static func randomLine(busy: Bool, _ random: inout some RandomNumberGenerator) -> [UInt8] {
        let time = "2024-05-02 09:1\(Int.random(in: 0...9, using: &random)):0\(Int.random(in: 0...9, using: &random)).\(Int.random(in: 100...999, using: &random)) UTC"
        let pid = "[\(Int.random(in: 1...99999, using: &random))]"
        let session = ["", "app@shop ", "repuser@[unknown] ", "@ "].randomElement(using: &random)!
        let head = "\(time) \(pid) \(session)"
        let lines = [
            "\(head)LOG:  checkpoint starting: time",
            "\(head)LOG:  duration: 0.042 ms  statement: SELECT 1",
            "\(head)ERROR:  duplicate key value violates unique constraint \"orders_pkey\"",
            "\(head)DETAIL:  Key (id)=(42) already exists.",
            "\(head)STATEMENT:  INSERT INTO orders VALUES (42)",
            "\(head)WARNING:  could not flush dirty data: Function not implemented",
            "\(head)FATAL:  no pg_hba.conf entry for replication connection from host \"10.0.0.12\", user \"repuser\"",
            "\(head)FATAL:  could not connect to the primary server: connection to server at \"10.0.0.11\", port 5432 failed: FATAL:  password authentication failed for user \"repuser\"",
            "\(head)LOG:  database system is ready to accept connections",
            "\(head)LOG:  database system is ready to accept read only connections",
            "\(head)LOG:  database system is ready to accept read-only connections",
            "\(head)LOG:  entering standby mode",
            "\(head)LOG:  started streaming WAL from primary at 0/3000000 on timeline 1",
            "\(head)WARNING:  started streaming WAL from primary",
            "\(head)LOG:  archive command failed with exit code 1",
            "\(head)DETAIL:  The failed archive command was: cp pg_wal/0001 /archive/0001",
            "\(head)ERROR:  requested WAL segment 000000010000000000000003 has already been removed",
            "\(head)HINT:  Available values: minimal, replica, logical.",
            "\(head)PANIC:  could not write to file \"pg_wal/xlogtemp.123\": No space left on device",
            "\(head)NOTICE:  table \"t\" does not exist, skipping",
            "\(head)DEBUG3:  something small",
            "\(head)CONTEXT:  while scanning block 0 of relation \"t\"",
            "\(head)LOG:  statement: SELECT 'ERROR:  not a label'",
            "\tsome libpq text: could not connect to the primary server",
            "\tpassword authentication failed for user \"repuser\"",
            "cp: cannot create regular file '/archive/000000010000000000000005': Permission denied",
            "sh: 1: cannot open /archive: contains errors",
            "2017-06-01 10:15:02 UTC [2817-1] LOG:  database system is ready to accept connections",
            "whatever 12:00 <x> WARNING:  something odd",
            "DETAIL:  a continuation with no prefix",
            "",
        ]
        let pick = busy && Int.random(in: 0..<20, using: &random) > 0
            ? Int.random(in: 0..<6, using: &random) : Int.random(in: 0..<lines.count, using: &random)
        var bytes = Array(lines[pick].utf8)
        if Int.random(in: 0..<40, using: &random) == 0 {
            // Bytes that are not UTF-8, as a client's bad encoding leaves.
            bytes.insert(contentsOf: [0xFF, 0xC3], at: Int.random(in: 0...bytes.count, using: &random))
        }
        return bytes + [0x0A]
    }

    func compare(_ gate: LogGate, _ plain: PlainGate, startedAt: Date, at step: String) {
        #expect(gate.evaluator.seen == plain.evaluator.seen, "\(step)")
        #expect(gate.evaluator.warningsAndErrors == plain.evaluator.warningsAndErrors, "\(step)")
        for seconds in [0.0, 3600] {
            let now = startedAt.addingTimeInterval(seconds)
            #expect(gate.verdict(now: now) == plain.evaluator.verdict(at: now), "\(step) at +\(seconds) s")
        }
        #expect(gate.regionLinesDropped == plain.regionLinesDropped, "\(step)")
        #expect(gate.regionLines == plain.regionLines, "\(step)")
    }

    func run(seed: UInt64, lines: Int, polls: Int, expect: [GateSignal], prefix: LogLinePrefix,
             busy: Bool = false, slice: Int? = nil, budget: TimeInterval? = nil) throws -> Int {
        var random = SeededGenerator(seed: seed)
        let dir = try TemporaryDirectory()
        let path = dir.path + "/server.log"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let startedAt = Date()
        let action = GateAction(expect: expect, timeoutSeconds: 60)
        let gate = LogGate(stepID: "gate", gate: action, host: .secondary, location: LogLocator.given(path),
                           prefix: prefix, reading: LocalHost(), startedAt: startedAt)
        if let slice { gate.sliceBytes = slice }
        let plain = PlainGate(path: path, gate: action, prefix: prefix, startedAt: startedAt)
        var log: [UInt8] = []
        for _ in 0..<lines { log += Self.randomLine(busy: busy, &random) }
        // Cut anywhere, mid-line too: the cursor holds back a partial line.
        let cuts = (0..<polls - 1).map { _ in Int.random(in: 0...log.count, using: &random) }.sorted() + [log.count]
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var written = 0
        var polls = 0
        for (index, cut) in cuts.enumerated() {
            try handle.write(contentsOf: Data(log[written..<cut]))
            written = cut
            if let budget {
                // Each poll gives the loop back at its budget; until the
                // gate has caught up it neither passes, fails nor times out.
                repeat {
                    let verdict = gate.poll(now: startedAt, budget: budget)
                    polls += 1
                    if gate.isBehind {
                        #expect(verdict == .waiting(remainingSeconds: 60), "seed \(seed), poll \(index)")
                        #expect(gate.verdict(now: startedAt.addingTimeInterval(3600)) == .waiting(remainingSeconds: 1))
                    }
                } while gate.isBehind
            } else {
                gate.pollToEnd(now: startedAt)
                polls += 1
            }
            plain.poll()
            compare(gate, plain, startedAt: startedAt, at: "seed \(seed), poll \(index)")
        }
        return polls
    }

    @Test(arguments: 1...40)
    func randomLogsUnderTheDebianPrefix(seed: UInt64) throws {
        let expects: [[GateSignal]] = [[.acceptingConnections], [.standbyMode, .readOnlyConnections, .streaming]]
        _ = try run(seed: seed, lines: Int(seed % 7) * 40 + 5, polls: Int(seed % 5) + 1,
                expect: expects[Int(seed) % 2], prefix: .debianCurrent, busy: seed % 3 == 0)
    }

    @Test(arguments: [LogLinePrefix.debianOld, .unknown, LogLinePrefix(""), LogLinePrefix("%m [%p] "),
                      LogLinePrefix("%t [%p-%l] %q%u@%d ")])
    func randomLogsUnderOtherPrefixes(prefix: LogLinePrefix) throws {
        for seed in UInt64(100)...110 {
            _ = try run(seed: seed, lines: 150, polls: 4, expect: [.streaming], prefix: prefix)
        }
    }

    /// A region read in slices, some smaller than a line, judges as one
    /// read whole: the slices are how the gate's memory stays bounded
    /// whatever the region's size.
    @Test(arguments: [1, 37, 4096])
    func regionsReadInSlicesJudgeAsAWholeRegion(slice: Int) throws {
        for seed in UInt64(200)...205 {
            _ = try run(seed: seed, lines: 400, polls: Int(seed % 3) + 1, expect: [.acceptingConnections],
                    prefix: .debianCurrent, busy: seed % 2 == 0, slice: slice)
        }
    }

    /// A poll with no time to spare scans one slice and returns: a large
    /// region takes many polls, and judges as one read whole.
    @Test func aRegionLargerThanOnePollsBudgetJudgesAsAWhole() throws {
        for seed in UInt64(300)...305 {
            let polls = try run(seed: seed, lines: 3000, polls: Int(seed % 3) + 1, expect: [.acceptingConnections],
                                prefix: .debianCurrent, busy: seed % 2 == 0, slice: 4096, budget: 0)
            // About 3000 lines of ~80 bytes in 4 KiB slices.
            #expect(polls > 20, "seed \(seed): \(polls) polls")
        }
    }

    /// More lines than the gate keeps for the operator's view, so that the
    /// list is trimmed within one poll and across polls.
    @Test func longRegionsKeepTheSameNewestLines() throws {
        _ = try run(seed: 7, lines: 26_000, polls: 6, expect: [.acceptingConnections], prefix: .debianCurrent)
        _ = try run(seed: 8, lines: 12_000, polls: 1, expect: [.acceptingConnections], prefix: .debianCurrent)
    }
}
