import Foundation

/// Whether a 9.5 standby streams, without pg_stat_wal_receiver (9.6+).
/// pg_last_xlog_receive_location() is no proof: the startup process sets
/// it to the start point as soon as it asks for streaming, before any
/// connection succeeds, and it keeps its value after the WAL receiver
/// died. Two things do prove it:
/// - the WAL receiver's process title: it reads `streaming X/Y` only once
///   the receiver has written WAL it got from the primary, and the process
///   is gone when the connection is;
/// - on the primary, a streaming pg_stat_replication row whose flushed
///   position is the one this standby reports as received.
extension Verification {
    func receiverStatusOnNineFive() throws -> String {
        let received = try standby.query("SELECT coalesce(pg_last_xlog_receive_location()::text, '')")
        if received.isEmpty { return "not running" }
        if let title = try? receiverProcessTitle(), title.contains("streaming ") { return "streaming" }
        let rows = try? primary.query(
            "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND flush_location = '\(received)'")
        if let rows, let count = Int(rows), count > 0 { return "streaming" }
        return "not streaming now (it was asked to stream from \(received), but no receiver process streams and the primary shows no standby at that position)"
    }

    /// The title of the standby postmaster's WAL receiver child, found
    /// through postmaster.pid (its first line is the postmaster's PID).
    private func receiverProcessTitle() throws -> String? {
        let dataDirectory = try standby.query("SHOW data_directory")
        let pidFile = try standby.host.readFile(ConfPath.join(dataDirectory, "postmaster.pid"))
        guard let pid = pidFile.split(separator: "\n").first.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
        else { return nil }
        let children = try standby.host.run(["ps", "-o", "args=", "--ppid", String(pid)], environment: nil)
        return children.stdout.split(separator: "\n").map(String.init)
            .first { $0.contains("wal receiver process") || $0.contains("walreceiver") }
    }
}
