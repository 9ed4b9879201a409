import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// PostgreSQL-style log text under `log_line_prefix = '%m [%p] %q%u@%d '`
/// (Debian's): statements logged by sessions, background lines without a
/// user, and now and then an ERROR or FATAL with its DETAIL and STATEMENT.
enum LogText {
    static let prefix = "%m [%p] %q%u@%d "

    /// About one MiB of lines, the same every time.
    static let block: [UInt8] = {
        var text = ""
        var n = 0
        while text.utf8.count < 1 << 20 {
            n += 1
            let stamp = String(format: "2026-12-02 01:%02d:%02d.%03d UTC", (n / 3600) % 60, (n / 60) % 60, n % 1000)
            let pid = 4000 + n % 97
            switch n % 997 {
            case 0:
                text += "\(stamp) [\(pid)] app@shop ERROR:  duplicate key value violates unique constraint \"orders_pkey\"\n"
                text += "\(stamp) [\(pid)] app@shop DETAIL:  Key (id)=(\(n)) already exists.\n"
                text += "\(stamp) [\(pid)] app@shop STATEMENT:  INSERT INTO orders (id, total) VALUES (\(n), 12.50)\n"
            case 500:
                text += "\(stamp) [\(pid)] app@shop FATAL:  terminating connection due to idle-in-transaction timeout\n"
            case let k where k % 50 == 7:
                text += "\(stamp) [\(pid)] LOG:  checkpoint complete: wrote \(n % 300) buffers (0.\(n % 10)%); 0 WAL file(s) added, 0 removed, 1 recycled\n"
            default:
                text += "\(stamp) [\(pid)] app@shop LOG:  duration: 0.\(n % 900) ms  statement: SELECT id, total FROM orders WHERE customer = \(n % 5000)\n"
            }
        }
        return Array(text.utf8)
    }()

    /// Appends whole blocks to `fd` until at least `bytes` were written.
    static func write(bytes: Int, to fd: Int32) throws {
        var written = 0
        try block.withUnsafeBytes { raw in
            while written < bytes {
                var off = 0
                while off < raw.count {
                    let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                    guard n > 0 else { throw BenchError("write failed: \(String(cString: strerror(errno)))") }
                    off += n
                }
                written += raw.count
            }
        }
    }

    /// A file of about `bytes` of log; returns its exact size.
    @discardableResult
    static func makeFile(_ path: String, bytes: Int) throws -> Int {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw BenchError("cannot create \(path)") }
        defer { close(fd) }
        try write(bytes: bytes, to: fd)
        return Int(lseek(fd, 0, SEEK_CUR))
    }
}

/// A directory of its own under /tmp, removed when the bench ends.
final class Scratch {
    let path: String
    init() throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/standby-bench-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw BenchError("cannot make a scratch directory")
        }
        path = String(cString: made)
    }
    func file(_ name: String) -> String { path + "/" + name }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
