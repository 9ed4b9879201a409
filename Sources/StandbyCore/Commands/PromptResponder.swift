import Foundation

/// Expect-style answers to a command's prompts. Programs that read a
/// password switch echo off and flush pending input first, so an answer
/// typed ahead is lost and the program hangs: an answer is written only
/// after its prompt has appeared, once per appearance, up to `times`.
public struct PromptRule: Sendable {
    public enum Pattern: Sendable {
        /// Appears anywhere in the output not yet answered.
        case text(String)
        /// A regular expression over the same text.
        case regex(String)
    }

    public var pattern: Pattern
    /// Sent followed by a newline. Never logged: the transcript only sees
    /// what the program prints, and echo is off while it reads.
    public var response: String
    public var times: Int

    public init(_ pattern: Pattern, response: String, times: Int = 1) {
        self.pattern = pattern
        self.response = response
        self.times = times
    }
}

public struct PromptResponder: Sendable {
    public private(set) var rules: [PromptRule]
    public private(set) var answered: [Int]
    // Output since the last answer, bounded: prompts are short and sit at
    // the end of the output.
    private var tail = ""
    private let tailLimit = 2048

    public init(rules: [PromptRule]) {
        self.rules = rules
        answered = Array(repeating: 0, count: rules.count)
    }

    public var isEmpty: Bool { rules.isEmpty }

    /// Feeds output; returns the bytes to write to the terminal, if a
    /// prompt just appeared.
    public mutating func consume(_ bytes: [UInt8]) -> [UInt8]? {
        guard !rules.isEmpty else { return nil }
        tail += String(decoding: bytes, as: UTF8.self)
        if tail.utf8.count > tailLimit { tail = String(tail.suffix(tailLimit / 2)) }
        for index in rules.indices where answered[index] < rules[index].times {
            guard let end = matchEnd(rules[index].pattern) else { continue }
            answered[index] += 1
            // Forget the answered prompt so that it is not answered twice.
            tail = String(tail[end...])
            return Array((rules[index].response + "\n").utf8)
        }
        return nil
    }

    private func matchEnd(_ pattern: PromptRule.Pattern) -> String.Index? {
        switch pattern {
        case .text(let text):
            return tail.range(of: text)?.upperBound
        case .regex(let source):
            guard let regex = try? Regex(source) else { return nil }
            return tail.firstMatch(of: regex)?.range.upperBound
        }
    }
}
