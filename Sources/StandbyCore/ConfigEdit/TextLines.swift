#if canImport(Glibc)
import Glibc
#endif

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
        // Split on the bytes: "\n" and "\r" are ASCII, so every cut falls
        // between whole characters, and a conf file of 40,000 lines is
        // split in a few milliseconds instead of scalar by scalar.
        var lines: [Line] = []
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            func string(_ from: Int, _ to: Int) -> String {
                String(decoding: UnsafeBufferPointer(start: base + from, count: to - from), as: UTF8.self)
            }
            var start = 0
            while start < bytes.count, let hit = memchr(base + start, 0x0A, bytes.count - start) {
                let newline = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                // A "\r" just before the newline is part of the ending; one
                // anywhere else stays in the line.
                if newline > start, base[newline - 1] == 0x0D {
                    lines.append(Line(string(start, newline - 1), ending: "\r\n"))
                } else {
                    lines.append(Line(string(start, newline), ending: "\n"))
                }
                start = newline + 1
            }
            if start < bytes.count { lines.append(Line(string(start, bytes.count), ending: "")) }
        }
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
