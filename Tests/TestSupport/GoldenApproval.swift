import Foundation

/// Golden files are approved only through `bash .dev/approve-goldens`,
/// which sets APPROVE_GOLDENS=1 for the golden suites alone and then
/// lists what changed. Then a golden that differs is rewritten (one that
/// does not is left alone) and its path noted in the file named by
/// APPROVE_GOLDENS_SEEN, so that goldens no test checks can be listed.
public enum GoldenApproval {
    public static let command = "bash .dev/approve-goldens"

    public static var approving: Bool { ProcessInfo.processInfo.environment["APPROVE_GOLDENS"] == "1" }

    /// Rewrites the golden at `url` when `actual` differs from it.
    public static func approve(_ actual: String, at url: URL) {
        note(url)
        if (try? String(contentsOf: url, encoding: .utf8)) == actual { return }
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? actual.write(to: url, atomically: true, encoding: .utf8)
    }

    /// One line per golden checked, appended (O_APPEND keeps the lines of
    /// tests running at once whole).
    private static func note(_ url: URL) {
        guard let list = ProcessInfo.processInfo.environment["APPROVE_GOLDENS_SEEN"] else { return }
        let fd = open(list, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let line = Array((url.resolvingSymlinksInPath().path + "\n").utf8)
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
