import Foundation

/// One psql kept open on a cluster for a pass of checks: each query costs
/// a line written and read instead of a process (runuser, psql, maybe
/// ssh) and a connection, about 12 ms each on a lab and more over ssh.
/// A query it cannot carry exactly as `psql -c` would, or that fails in
/// it, is left to the caller, who runs it on its own: the answers and the
/// failures' words are those of `psql -c` either way.
final class PsqlSession: @unchecked Sendable {
    private let session: any HostSession
    /// Ends each answer; random, so no row can end one early.
    private let marker = "standby-wizard-end-" + UUID().uuidString

    /// nil when psql there cannot keep a session the wizard can read: it
    /// could not connect, or it is older than 11 (no ERROR variable).
    init?(_ session: any HostSession) {
        self.session = session
        guard (try? exchange("SELECT 1")) == .answered("1") else {
            session.close()
            return nil
        }
    }

    deinit { session.close() }

    enum Outcome: Equatable {
        case answered(String)
        /// The query failed; the session goes on.
        case failed
        /// psql ended or said something the wizard cannot read.
        case lost
    }

    /// `text` is what `input(for:)` made of a query.
    func exchange(_ text: String) throws -> Outcome {
        // The semicolon on a line of its own, after the query's last line.
        try session.send(Array("\(text)\n;\n\\echo \(marker) :ERROR\n".utf8))
        var lines: [String] = []
        while let line = try session.readLine() {
            guard line.hasPrefix(marker) else { lines.append(line); continue }
            switch line.dropFirst(marker.count) {
            case " false": return .answered(lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
            case " true": return .failed
            default: return .lost
            }
        }
        return .lost
    }

    /// What to write for `sql` so that psql sends the server exactly what
    /// `psql -c` would, or nil when that cannot be promised. Several
    /// statements go as one query string, one transaction, as -c sends
    /// them: their semicolons become `\;`, which psql keeps in the query
    /// instead of sending what came before. Refused: what psql would take
    /// for its own (backslashes, :variables outside quotes), and dollar
    /// quotes and comments outside quotes, which hide quotes from this
    /// scan. Inside quotes psql passes everything on as it is.
    static func input(for sql: String) -> String? {
        let bytes = Array(sql.utf8)
        // Backslashes anywhere: in E'' strings they escape quotes.
        if bytes.contains(UInt8(ascii: "\\")) { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var quote: UInt8?
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
            } else if byte == UInt8(ascii: "$") {
                return nil
            } else if index + 1 < bytes.count, (byte == UInt8(ascii: "-") && bytes[index + 1] == UInt8(ascii: "-"))
                        || (byte == UInt8(ascii: "/") && bytes[index + 1] == UInt8(ascii: "*")) {
                return nil
            } else if byte == UInt8(ascii: ";") {
                out.append(UInt8(ascii: "\\"))
            } else if byte == UInt8(ascii: ":") {
                // A cast (::) is SQL; any other colon may start a variable.
                guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ":") else { return nil }
                out.append(byte)
                index += 1
            }
            out.append(byte)
            index += 1
        }
        return quote == nil ? String(decoding: out, as: UTF8.self) : nil
    }
}

/// The session of one ClusterSQL and its copies, opened at the first
/// query it can carry and closed when the last copy is gone (the end of a
/// pass of checks). Queries from the checks running side by side take
/// turns in it.
final class PsqlSessionSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var session: PsqlSession?
    private var argv: [String]?
    private var usable = true

    /// The answer, or nil when the caller should run `sql` on its own.
    func answer(_ sql: String, argv wanted: [String], host: any HostAccess) -> String? {
        guard let text = PsqlSession.input(for: sql) else { return nil }
        return lock.withLock {
            guard usable else { return nil }
            if session == nil {
                session = (try? host.openSession(wanted, environment: nil)).flatMap(PsqlSession.init)
                argv = wanted
                guard session != nil else { usable = false; return nil }
            }
            // A copy pointed elsewhere since (another port) asks on its own.
            guard argv == wanted, let session else { return nil }
            switch (try? session.exchange(text)) ?? .lost {
            case .answered(let answer): return answer
            case .failed: return nil
            case .lost:
                // The server restarted, or the link dropped: the rest of
                // the pass goes one process per query, as before.
                self.session = nil
                usable = false
                return nil
            }
        }
    }
}
