import CNcursesShim
import StandbyCore
import Foundation

/// Where stderr goes while the wizard owns the screen: a file in the
/// user's state directory, so a warning or a crash report is kept rather
/// than drawn over the wizard (or lost on the alternate screen).
struct SessionLog {
    let path: String
    private var savedStderr: Int32 = -1

    /// Nil when no directory could be made; the wizard then runs with
    /// stderr where it was.
    init?(environment: [String: String]) {
        let dir = SessionLogDirectory.state(environment: environment)
        guard SessionLogDirectory.makePrivate(dir) else { return nil }
        path = dir + "/session.log"
    }

    mutating func begin() {
        savedStderr = sw_redirect_stderr(path)
        // ISO 8601 in UTC, as ISO8601DateFormatter writes it, without
        // loading ICU before the first frame.
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        let stamp = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var line = "--- standby-wizard session \(stamp), pid \(getpid())\n"
        line.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
        sw_set_crash_note("standby-wizard crashed; the report is in \(path)\r\n")
    }

    mutating func end() {
        sw_restore_stderr(savedStderr)
        savedStderr = -1
    }
}
