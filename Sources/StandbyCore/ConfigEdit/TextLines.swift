/// A text file as lines plus the bytes between them, so that an edit can
/// change one line and give back every other byte as it was: CRLF files
/// stay CRLF, a file without a final newline keeps lacking one.
public struct TextLines: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        /// The line without its terminator.
        public var content: String
        /// "\n", "\r\n", or "" for a last line that has none.
        public var ending: String

        public init(_ content: String, ending: String) {
            self.content = content
            self.ending = ending
        }
    }

    public var lines: [Line]

    public init(lines: [Line]) {
        self.lines = lines
    }

    public init(_ text: String) {
        var lines: [Line] = []
        var current = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        // Scalars, not Characters: Swift treats "\r\n" as one Character,
        // and a lone "\r" inside a line must stay part of that line.
        var pendingCR = false
        while let scalar = scalars.next() {
            if scalar == "\n" {
                lines.append(Line(String(current), ending: pendingCR ? "\r\n" : "\n"))
                current = String.UnicodeScalarView()
                pendingCR = false
                continue
            }
            if pendingCR { current.append("\r") }
            pendingCR = scalar == "\r"
            if !pendingCR { current.append(scalar) }
        }
        if pendingCR { current.append("\r") }
        if !current.isEmpty { lines.append(Line(String(current), ending: "")) }
        self.lines = lines
    }

    public var text: String {
        var out = ""
        for line in lines {
            out += line.content
            out += line.ending
        }
        return out
    }

    /// The terminator new lines get: the one most lines already use.
    public var preferredEnding: String {
        let crlf = lines.filter { $0.ending == "\r\n" }.count
        let lf = lines.filter { $0.ending == "\n" }.count
        return crlf > lf ? "\r\n" : "\n"
    }

    /// Adds lines at the end. A last line without a terminator gets one
    /// first, and the new last line stays without one, so the file keeps
    /// its "no newline at end" form.
    public mutating func append(_ contents: [String]) {
        guard !contents.isEmpty else { return }
        let ending = preferredEnding
        let hadFinalNewline = lines.last.map { !$0.ending.isEmpty } ?? true
        if let last = lines.indices.last, lines[last].ending.isEmpty { lines[last].ending = ending }
        for content in contents { lines.append(Line(content, ending: ending)) }
        if !hadFinalNewline, let last = lines.indices.last { lines[last].ending = "" }
    }

    /// Inserts whole lines before index `at` with the file's terminator.
    public mutating func insert(_ contents: [String], at index: Int) {
        guard index < lines.count else {
            append(contents)
            return
        }
        let ending = preferredEnding
        lines.insert(contentsOf: contents.map { Line($0, ending: ending) }, at: index)
    }
}
