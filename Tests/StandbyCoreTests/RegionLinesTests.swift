import Testing
@testable import StandbyCore

/// The region's kept lines stay bytes until read: read after any slice or
/// not at all, they are the lines the plain rule keeps (all of them until
/// there are more than twice `kept`, then the newest `kept`).
@Suite("Kept region lines")
struct RegionLinesTests {
    @Test func sameAsKeepingStringsSliceBySlice() {
        var random = SeededGenerator(seed: 59)
        for round in 0..<300 {
            let kept = Int.random(in: 1...12, using: &random)
            var lines = RegionLines(kept: kept)
            var model: [String] = []
            var dropped = 0
            var next = 0
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                let count = Int.random(in: 0...(kept * 3), using: &random)
                let slice = (0..<count).map { _ in
                    defer { next += 1 }
                    return "line \(next)" + String(repeating: "é", count: next % 3)
                }
                let bytes = Array(slice.map { $0 + "\n" }.joined().utf8)
                bytes.withUnsafeBufferPointer { lines.add($0, lineCount: count) }
                model += slice
                if model.count > kept * 2 {
                    dropped += model.count - kept
                    model.removeFirst(model.count - kept)
                }
                #expect(lines.count == model.count, "round \(round)")
                #expect(lines.dropped == dropped, "round \(round)")
                if Bool.random(using: &random) { #expect(lines.lines() == model, "round \(round)") }
            }
            #expect(lines.lines() == model, "round \(round)")
        }
    }
}
