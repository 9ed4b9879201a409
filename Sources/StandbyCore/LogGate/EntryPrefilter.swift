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
    /// the line has two; only a phrase whose colon follows the end of such
    /// a label (or starts it) could match across that seam, and then every
    /// labelled continuation line is admitted. A colon elsewhere, as in
    /// `fe_sendauth: no password supplied`, is in the line's bytes as it is
    /// in the entry's text: admitting every DETAIL and STATEMENT line for
    /// it built and judged every ERROR entry of a busy log.
    let admitsLabelledContinuations: Bool
    /// The phrases, searched in one pass (nil: none, or one too short).
    private let phraseSet: ByteSearchSet?
    /// The labels a line must hold for it to matter beyond starting an
    /// entry: severities a warning list or a pattern keeps, and the
    /// continuation labels, which make a line part of the entry above.
    /// Nil when every entry is admitted: then every line is told.
    private let labelSet: ByteSearchSet?

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
        admitsLabelledContinuations = phrases.contains(where: Self.mayMatchAcrossLabelSeam)
        phraseSet = ByteSearchSet(phrases.filter { !$0.isEmpty })
        labelSet = everything ? nil : ByteSearchSet(Self.markedLabels(severityAlone: severityAlone))
    }

    /// The labels LogLineShape tells as continuations.
    static let continuationLabels = ["DETAIL", "HINT", "QUERY", "CONTEXT", "LOCATION", "STATEMENT"]

    /// Whether `phrase` has a colon with nothing before it in the phrase,
    /// or only the end of a continuation label: then it may occur in an
    /// entry's `LABEL: text` and not in the line's `LABEL:  text`.
    static func mayMatchAcrossLabelSeam(_ phrase: [UInt8]) -> Bool {
        phrase.indices.contains { colon in
            phrase[colon] == UInt8(ascii: ":")
                && continuationLabels.contains { Array($0.utf8).reversed().starts(with: phrase[..<colon].reversed()) }
        }
    }

    /// Each label as a line holds it, with the colon and the two spaces:
    /// every continuation label, and each severity that is a warning or
    /// worse or is admitted by itself (DEBUG as DEBUG1 to DEBUG5).
    private static func markedLabels(severityAlone: UInt8) -> [[UInt8]] {
        var words = continuationLabels
        for severity in LogSeverity.allCases where severity.isWarningOrWorse || severityAlone & severity.bit != 0 {
            words += severity == .debug ? (1...5).map { "DEBUG\($0)" } : [severity.rawValue]
        }
        return words.map { Array(($0 + ":  ").utf8) }
    }

    /// Offsets in `region` of the labels a line must be told exactly for
    /// (see `labelSet`), ascending; a line without one starts an entry that
    /// is neither admitted by its severity nor a warning. Nil: tell every line.
    func marks(in region: UnsafeBufferPointer<UInt8>) -> [Int]? {
        labelSet?.offsets(in: region)
    }

    /// Whether an entry of this severity is admitted whatever its text.
    func admits(_ severity: LogSeverity?) -> Bool {
        if admitsEverything { return true }
        guard let severity else { return false }
        return severityAlone & severity.bit != 0
    }

    /// Offsets in `region` at which some phrase starts, ascending. One
    /// pass for all phrases (memmem per phrase where one is a single byte)
    /// costs far less than looking for every phrase in every line.
    func hits(in region: UnsafeBufferPointer<UInt8>) -> [Int] {
        if let phraseSet { return phraseSet.offsets(in: region) }
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
