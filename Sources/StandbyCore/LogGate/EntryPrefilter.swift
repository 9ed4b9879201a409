import CByteSearch

/// Which entries of a log region a set of patterns might match, judged on
/// the raw bytes before any entry is built. It may admit an entry that no
/// pattern matches (the exact test follows), never turn away one that a
/// pattern does: a phrase in an entry's text is in its lines' bytes too.
struct EntryPrefilter: Sendable {
    private let phrases: [[UInt8]]
    /// Severities that a pattern without wording matches by themselves (PANIC).
    private let severityAlone: UInt8
    /// Some pattern matches entries whatever their bytes.
    private let admitsEverything: Bool
    /// An entry keeps a continuation as `LABEL: text`, with one space where
    /// the line has two; only a phrase with a colon could match across that
    /// seam, and then every labelled continuation line is admitted.
    let admitsLabelledContinuations: Bool

    init(_ patterns: [MessagePattern]) {
        var phrases: [[UInt8]] = []
        var severityAlone: UInt8 = 0
        var everything = false
        for pattern in patterns {
            if pattern.anyOf.isEmpty {
                if pattern.severities.isEmpty { everything = true }
                for severity in pattern.severities { severityAlone |= severity.bit }
            }
            for phrase in pattern.anyOf {
                // Lines are decoded with U+FFFD for invalid bytes, which
                // the raw bytes do not hold; an empty phrase matches anything.
                if phrase.isEmpty || phrase.contains("\u{FFFD}") { everything = true }
                let bytes = Array(phrase.utf8)
                if !phrases.contains(bytes) { phrases.append(bytes) }
            }
        }
        self.phrases = phrases
        self.severityAlone = severityAlone
        admitsEverything = everything
        admitsLabelledContinuations = phrases.contains { $0.contains(UInt8(ascii: ":")) }
    }

    /// Whether an entry of this severity is admitted whatever its text.
    func admits(_ severity: LogSeverity?) -> Bool {
        if admitsEverything { return true }
        guard let severity else { return false }
        return severityAlone & severity.bit != 0
    }

    /// Offsets in `region` at which some phrase starts, ascending. One
    /// memmem pass per phrase over the whole region costs far less than
    /// looking for every phrase in every line.
    func hits(in region: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard let base = region.baseAddress else { return [] }
        var found: [Int] = []
        var phrasesFound = 0
        for phrase in phrases where !phrase.isEmpty {
            let before = found.count
            phrase.withUnsafeBufferPointer { needle in
                var from = 0
                while from < region.count,
                      let hit = cbytesearch_find(base + from, region.count - from, needle.baseAddress, needle.count) {
                    let at = hit - UnsafeRawPointer(base)
                    found.append(at)
                    from = at + 1
                }
            }
            if found.count > before { phrasesFound += 1 }
        }
        if phrasesFound > 1 { found.sort() }
        return found
    }
}
