import Foundation

/// A command as the pane shows it, read back the way a shell reads
/// ` \`-newline: the rows from `$ ` on, from the pane's first column to
/// the border, trailing blanks dropped and continuations joined.
enum ShownCommand {
    static func read(_ screen: String, paneColumn: Int) -> String? {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map { row -> String in
            let chars = Array(row)
            guard chars.count > paneColumn else { return "" }
            return String(chars[paneColumn..<min(chars.count, 78)]).replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression)
        }
        guard let start = rows.firstIndex(where: { $0.hasPrefix("$ ") }) else { return nil }
        var text = String(rows[start].dropFirst(2))
        var index = start
        while text.hasSuffix(" \\"), index + 1 < rows.count {
            text.removeLast(2)
            index += 1
            text += " " + rows[index].drop { $0 == " " }
        }
        return text
    }
}
