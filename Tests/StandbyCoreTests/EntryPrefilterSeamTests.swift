import Testing
@testable import StandbyCore

/// An entry holds a continuation as `LABEL: text` where its line holds
/// `LABEL:  text`: the prefilter admits every labelled continuation only
/// for a phrase that could match across that seam.
@Suite("Prefilter and the continuation label's seam")
struct EntryPrefilterSeamTests {
    @Test func onlyAColonAfterALabelsEndCrossesTheSeam() {
        let crossing = [": x", "L: Key (id)", "DETAIL: Key", "STATEMENT:", "T: ", ":"]
        let staying = ["fe_sendauth: no password supplied", "xDETAIL: a", "no colon here", "DETAI: x", "ERROR: x", "x:y:"]
        for phrase in crossing { #expect(EntryPrefilter.mayMatchAcrossLabelSeam(Array(phrase.utf8)), "\(phrase)") }
        for phrase in staying { #expect(!EntryPrefilter.mayMatchAcrossLabelSeam(Array(phrase.utf8)), "\(phrase)") }
    }

    @Test func aPhraseOverTheSeamIsFoundInTheEntryNotInTheLine() throws {
        let prefix = LogLinePrefix("%m [%p] ")
        let lines = ["2024-05-02 09:15:41.552 UTC [1907] ERROR:  duplicate key", "2024-05-02 09:15:41.552 UTC [1907] DETAIL:  Key (id)=(42) already exists."]
        let entry = try #require(LogParser.entries(of: lines.joined(separator: "\n"), prefix: prefix).first)
        let seam = MessagePattern(anyOf: ["L: Key (id)"])
        #expect(seam.matches(entry))
        #expect(!lines[1].contains("L: Key (id)"))
        #expect(EntryPrefilter([seam]).admitsLabelledContinuations)
        #expect(!EntryPrefilter([MessagePattern(anyOf: ["fe_sendauth: no password supplied"])]).admitsLabelledContinuations)
    }
}
