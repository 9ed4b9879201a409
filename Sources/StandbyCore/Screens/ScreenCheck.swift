/// What `standby-wizard check-screens [DIR]` prints: one `FILE:LINE: reason`
/// line per problem, in the form editors and CI logs turn into links, then a
/// one-line summary.
public enum ScreenCheck {
    public static func run(directory: String) -> (report: String, ok: Bool) {
        let (screens, problems) = ScreenLoader.load(directory: directory)
        var lines = problems.map(\.description)
        lines.append(summary(directory: directory, screens: screens.count, problems: problems))
        return (lines.joined(separator: "\n") + "\n", problems.isEmpty)
    }

    static func summary(directory: String, screens: Int, problems: [ScreenProblem]) -> String {
        var text = "\(directory): \(counted(screens, "screen")), \(counted(problems.count, "problem"))"
        // A problem with the directory itself is not "in a file".
        let files = Set(problems.map(\.location.file).filter { $0 != directory })
        if !files.isEmpty {
            text += " in \(counted(files.count, "file"))"
        }
        return text
    }

    private static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
