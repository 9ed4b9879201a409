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
        guard (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])) != nil else { return nil }
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
        FileHandle.standardError.write(Data("--- standby-wizard session \(stamp), pid \(getpid())\n".utf8))
        sw_set_crash_note("standby-wizard crashed; the report is in \(path)\r\n")
    }

    mutating func end() {
        sw_restore_stderr(savedStderr)
        savedStderr = -1
    }
}
