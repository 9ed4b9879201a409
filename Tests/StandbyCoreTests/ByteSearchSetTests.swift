import Foundation
import Testing
@testable import StandbyCore

/// The one-pass search for many phrases finds exactly where a plain
/// search for each phrase in turn would, overlapping and at the edges too.
@Suite("Many phrases in one pass")
struct ByteSearchSetTests {
    static func plainOffsets(_ phrases: [[UInt8]], in text: [UInt8]) -> [Int] {
        guard !text.isEmpty else { return [] }
        return (0..<text.count).filter { start in
            phrases.contains { phrase in start + phrase.count <= text.count && Array(text[start..<start + phrase.count]) == phrase }
        }
    }

    @Test func randomTextsOverASmallAlphabet() throws {
        var random = SeededGenerator(seed: 41)
        // Few letters, so that phrases overlap, repeat and share endings.
        let alphabet = Array("abE: \n".utf8)
        for round in 0..<3000 {
            let phrases = (0..<Int.random(in: 1...6, using: &random)).map { _ in
                (0..<Int.random(in: 2...9, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            }
            let text = (0..<Int.random(in: 0...200, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let set = try #require(ByteSearchSet(phrases))
            let found = text.withUnsafeBufferPointer { set.offsets(in: $0) }
            #expect(found == Self.plainOffsets(phrases, in: text), "round \(round)")
        }
    }

    @Test func moreHitsThanTheFirstGuessAreAllReturned() throws {
        let text = Array(String(repeating: "ERROR:  x\n", count: 2000).utf8)
        let set = try #require(ByteSearchSet([Array("ERROR:  ".utf8), Array("x\n".utf8)]))
        let found = text.withUnsafeBufferPointer { set.offsets(in: $0) }
        #expect(found.count == 4000)
        #expect(found == Self.plainOffsets([Array("ERROR:  ".utf8), Array("x\n".utf8)], in: text))
    }

    @Test func aPhraseOfOneByteIsLeftToMemmem() {
        #expect(ByteSearchSet([Array("ab".utf8), Array("c".utf8)]) == nil)
        #expect(ByteSearchSet([]) == nil)
    }
}
