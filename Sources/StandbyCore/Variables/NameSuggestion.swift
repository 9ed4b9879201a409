/// "Did you mean" for misspelt variable names.
enum NameSuggestion {
    /// The candidate closest to `name` ignoring case, if it is close enough
    /// to be a plausible typo rather than a different word.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let typed = Array(name.uppercased())
        let scored = candidates.map { ($0, distance(typed, Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, best.0.count / 3) ? best.0 : nil
    }

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
