import Foundation

/// A problem found in screens/, reported as FILE:LINE: reason.
public struct ScreenProblem: Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String
    public init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }
    /// Line 0 means the whole file or directory (missing, unreadable), which
    /// has no line worth pointing at.
    public var description: String {
        location.line > 0 ? "\(location): \(message)" : "\(location.file): \(message)"
    }
}

public enum ScreenLoader {
    /// Loads every *.yaml / *.yml file of `directory` in file-name order.
    /// Screens with problems are left out of `screens`; every problem is
    /// reported.
    public static func load(directory: String) -> (screens: [ScreenDefinition], problems: [ScreenProblem]) {
        let (files, listingProblem) = screenFiles(in: directory)
        if let listingProblem { return ([], [listingProblem]) }
        return assemble(files.map { ($0, parse(file: $0)) })
    }

    /// Screens held in memory (the copy built into the binary), in the
    /// order given; `file` names each in problems.
    public static func load(sources: [(file: String, yaml: String)]) -> (screens: [ScreenDefinition], problems: [ScreenProblem]) {
        assemble(sources.map { ($0.file, ScreenFileParser.parse(yaml: $0.yaml, file: $0.file)) })
    }

    private static func assemble(_ parsedFiles: [(file: String, parsed: ParsedScreenFile)]) -> (screens: [ScreenDefinition], problems: [ScreenProblem]) {
        var screens: [ScreenDefinition] = []
        var problems: [ScreenProblem] = []
        var firstFileOfID: [String: String] = [:]
        for (file, original) in parsedFiles {
            var parsed = original
            if let id = parsed.id {
                if let first = firstFileOfID[id.name] {
                    parsed.problems.append(ScreenProblem(location: SourceLocation(file: file, line: id.line),
                                                         message: "duplicate id '\(id.name)' (first used in \(first))"))
                    parsed.screen = nil
                } else {
                    firstFileOfID[id.name] = file
                }
            }
            problems += parsed.problems
            if let screen = parsed.screen, parsed.problems.isEmpty { screens.append(screen) }
        }
        return (screens, sorted(problems))
    }

    /// One screen file on its own; `file` is used as given in problems.
    public static func load(file: String) -> (ScreenDefinition?, [ScreenProblem]) {
        let parsed = parse(file: file)
        return (parsed.screen, sorted(parsed.problems))
    }

    /// A screen from text, for tests and tools; `file` only names it in
    /// problems.
    public static func parse(yaml: String, file: String = "<string>") -> (ScreenDefinition?, [ScreenProblem]) {
        let parsed = ScreenFileParser.parse(yaml: yaml, file: file)
        return (parsed.screen, sorted(parsed.problems))
    }

    private static func parse(file: String) -> ParsedScreenFile {
        guard let data = FileManager.default.contents(atPath: file) else {
            return ParsedScreenFile(screen: nil, id: nil, problems: [wholeFile(file, "cannot read the file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return ParsedScreenFile(screen: nil, id: nil, problems: [wholeFile(file, "the file is not UTF-8 text")])
        }
        return ScreenFileParser.parse(yaml: text, file: file)
    }

    /// Screen files of a directory in byte order of their names, so the
    /// order never depends on the locale or the file system.
    private static func screenFiles(in directory: String) -> (files: [String], problem: ScreenProblem?) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            return ([], wholeFile(directory, "no such directory"))
        }
        guard isDirectory.boolValue else { return ([], wholeFile(directory, "not a directory")) }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            return ([], wholeFile(directory, "cannot list the directory"))
        }
        // Dot files are editor locks and backups, never screens.
        let screenNames = names
            .filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        guard !screenNames.isEmpty else {
            return ([], wholeFile(directory, "no screen files (*.yaml, *.yml) in the directory"))
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return (screenNames.map { prefix + $0 }, nil)
    }

    private static func wholeFile(_ path: String, _ message: String) -> ScreenProblem {
        ScreenProblem(location: SourceLocation(file: path, line: 0), message: message)
    }

    /// By file, then line; problems on one line keep the order found.
    static func sorted(_ problems: [ScreenProblem]) -> [ScreenProblem] {
        problems.enumerated().sorted { a, b in
            let (fa, fb) = (a.element.location.file, b.element.location.file)
            if fa != fb { return fa.utf8.lexicographicallyPrecedes(fb.utf8) }
            if a.element.location.line != b.element.location.line {
                return a.element.location.line < b.element.location.line
            }
            return a.offset < b.offset
        }.map(\.element)
    }
}
