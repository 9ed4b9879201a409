import Foundation
import StandbyCore
import TestSupport
import Testing

/// Two labs made at the same moment whose searches for free ports start at
/// the same place, as two trainees' labs made by one script in parallel
/// may: each gets ports of its own and both are made.
extension LabTests {
@Suite("Labs made at once")
struct LabsAtOnceTests {
    /// A second prefix whose search starts where `first`'s does.
    static func twin(of first: String) -> String? {
        let start = TrainingLab.portSearchStart(first)
        return (0..<100_000).lazy.map { "swtw\($0)" }.first { $0 != first && TrainingLab.portSearchStart($0) == start }
    }

    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func twoLabsMadeAtOnceGetTheirOwnPorts() throws {
        let first = "swtw\(getpid() % 100000)"
        let second = try #require(Self.twin(of: first))
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("twins-\(UUID().uuidString)").path
        let flags = [first, second].map { ["--state-dir", base + "/" + $0, "--name-prefix", $0] }
        defer { for lab in flags { _ = try? ChildProcess.run([BuiltBinary.path, "lab", "down"] + lab) } }

        let results = Results()
        let group = DispatchGroup()
        for lab in flags {
            group.enter()
            Thread {
                let up = try? ChildProcess.run([BuiltBinary.path, "lab", "up"] + lab)
                results.add(up)
                group.leave()
            }.start()
        }
        group.wait()
        let ups = results.all
        #expect(ups.count == 2 && ups.allSatisfy { $0?.status == 0 }, "\(ups.map { $0?.output ?? "did not run" })")
        let ports = ups.compactMap { $0?.output }.flatMap { output in
            output.split(separator: "\n").compactMap { $0.firstMatch(of: /port ([0-9]+)$/).map { String($0.1) } }
        }
        #expect(ports.count == 4 && Set(ports).count == 4, "\(ports)")
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [ChildProcess.Result?] = []
        func add(_ result: ChildProcess.Result?) { lock.withLock { results.append(result) } }
        var all: [ChildProcess.Result?] { lock.withLock { results } }
    }
}
}
