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

    /// Phrases that all end in the same three bytes (as the log labels end
    /// in ":  ") take the search for that ending: overlapping phrases,
    /// duplicates, phrases that are the ending alone, and texts longer
    /// than its 32-byte blocks with hits at their seams.
    @Test func randomPhrasesSharingAnEnding() throws {
        var random = SeededGenerator(seed: 43)
        let alphabet = Array("aE: \n".utf8)
        let ending = Array(":  ".utf8)
        for round in 0..<3000 {
            let phrases = (0..<Int.random(in: 1...6, using: &random)).map { _ in
                (0..<Int.random(in: 0...6, using: &random)).map { _ in alphabet.randomElement(using: &random)! } + ending
            }
            let text = (0..<Int.random(in: 0...300, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let set = try #require(ByteSearchSet(phrases))
            let found = text.withUnsafeBufferPointer { set.offsets(in: $0) }
            #expect(found == Self.plainOffsets(phrases, in: text), "round \(round): \(phrases.map { String(decoding: $0, as: UTF8.self) })")
        }
    }

    /// Phrases of eight bytes or more with no shared ending take the
    /// sampled search: a piece of text every few bytes, looked up among
    /// the phrases' pieces. Few letters, so that the lookups hit often and
    /// phrases overlap; some longer than its widest stride.
    @Test func randomLongPhrasesAreFoundBySampling() throws {
        var random = SeededGenerator(seed: 53)
        let alphabet = Array("ab: \n".utf8)
        for round in 0..<2000 {
            let longest = round % 10 == 0 ? 90 : 14
            let phrases = (0..<Int.random(in: 1...8, using: &random)).map { _ in
                (0..<Int.random(in: 8...longest, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            }
            var text = (0..<Int.random(in: 0...400, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            // Planted copies, as random text over five letters rarely holds a phrase of eight.
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                text.insert(contentsOf: phrases.randomElement(using: &random)!, at: Int.random(in: 0...text.count, using: &random))
            }
            let set = try #require(ByteSearchSet(phrases))
            let found = text.withUnsafeBufferPointer { set.offsets(in: $0) }
            #expect(found == Self.plainOffsets(phrases, in: text), "round \(round)")
        }
    }

    @Test func labelsInALongLogAreFoundWhereverTheBlocksFall() throws {
        let labels = ["ERROR:  ", "DETAIL:  ", "STATEMENT:  ", "HINT:  "].map { Array($0.utf8) }
        var text: [UInt8] = []
        var random = SeededGenerator(seed: 47)
        for n in 0..<3000 {
            let label = n % 7 == 0 ? "ERROR" : n % 11 == 0 ? "DETAIL" : "LOG"
            let padding = String(repeating: "x", count: Int.random(in: 0...40, using: &random))
            text += Array("2026-12-02 01:00:00.000 UTC [\(n)] \(label):  message\(padding): \n".utf8)
        }
        let set = try #require(ByteSearchSet(labels))
        let found = text.withUnsafeBufferPointer { set.offsets(in: $0) }
        #expect(!found.isEmpty)
        #expect(found == Self.plainOffsets(labels, in: text))
    }

    @Test func moreHitsThanTheFirstGuessAreAllReturned() throws {
        let text = Array(String(repeating: "ERROR:  x\n", count: 2000).utf8)
        let set = try #require(ByteSearchSet([Array("ERROR:  ".utf8), Array("x\n".utf8)]))
        let found = text.withUnsafeBufferPointer { set.offsets(in: $0) }
        #expect(found.count == 4000)
        #expect(found == Self.plainOffsets([Array("ERROR:  ".utf8), Array("x\n".utf8)], in: text))
    }

    @Test func moreHitsThanTheFirstGuessWithASharedEnding() throws {
        let text = Array(String(repeating: "ERROR:  x:  \n", count: 2000).utf8)
        let phrases = [Array("ERROR:  ".utf8), Array("x:  ".utf8), Array(":  ".utf8)]
        let set = try #require(ByteSearchSet(phrases))
        let found = text.withUnsafeBufferPointer { set.offsets(in: $0) }
        #expect(found.count == 8000)
        #expect(found == Self.plainOffsets(phrases, in: text))
    }

    @Test func aPhraseOfOneByteIsLeftToMemmem() {
        #expect(ByteSearchSet([Array("ab".utf8), Array("c".utf8)]) == nil)
        #expect(ByteSearchSet([]) == nil)
    }
}
