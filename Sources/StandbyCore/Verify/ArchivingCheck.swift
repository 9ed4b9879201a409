import Foundation

/// Proof that archive_command really copies WAL away: the primary closes a
/// WAL file on request, and pg_stat_archiver must report it archived. A
/// broken archive does not stop replication, it fills the primary's disk
/// weeks later, so this is the only moment anyone will notice.
extension Verification {
    /// The archiver tries a file three times, a second apart, then rests
    /// until more WAL arrives; a failure still standing after that is final.
    static let archiveRetryGrace: TimeInterval = 3
    /// Between readings of pg_stat_archiver: short at first, since the
    /// archiver is woken by the switch and a local cp takes milliseconds.
    static func archivePollInterval(after polls: Int) -> TimeInterval {
        CheckControl.pollInterval(after: polls, cap: 0.2)
    }

    func archiving(_ control: CheckControl) throws -> Result {
        // The mode and whether anything is set to archive with, together.
        let row = SQLRows.fields(try primary.query(
            "SELECT current_setting('archive_mode'), (SELECT count(*) FROM pg_settings WHERE name IN ('archive_command', 'archive_library') AND setting <> '')"))
        let mode = row.first ?? ""
        if mode == "off" {
            return Result(check: .archiving, passed: true, detail: ["archive_mode is off on the primary: nothing is archived"])
        }
        // With nothing to run the archiver waits forever; say so now rather
        // than after the whole wait.
        if row.dropFirst().first == "0" {
            return failed(["archive_mode is \(mode) on the primary but archive_command is empty: WAL files pile up there"])
        }
        let before = try archiverState()
        let version = Int(try primary.serverVersionNum()) ?? 0
        // 9.5 and 9.6 spell WAL "xlog" in function names.
        let target = try primary.query(version >= 100000
            ? "SELECT pg_walfile_name(pg_switch_wal())"
            : "SELECT pg_xlogfile_name(pg_switch_xlog())")
        let started = Date()
        control.report(CheckControl.Progress(waitingFor: "WAL file \(target) to reach the archive",
                                             deadline: started.addingTimeInterval(archiveWait)))
        var failureSeen: Date?
        var polls = 0
        while true {
            if control.isCancelled { throw Cancelled() }
            let state = try archiverState()
            if WALFileName.isAtOrAfter(state.lastArchived, target) {
                let took = String(format: "%.2f", Date().timeIntervalSince(started))
                return Result(check: .archiving, passed: true, detail: ["WAL file \(target) reached the archive after \(took) s"])
            }
            // A failure on an older file counts too: the archiver goes in
            // name order, so it blocks the target as well.
            if WALFileName.isAtOrAfter(state.lastFailed, target) || state.failedCount > before.failedCount {
                let seen = failureSeen ?? Date()
                failureSeen = seen
                if Date().timeIntervalSince(seen) >= Self.archiveRetryGrace {
                    return failed(["WAL file \(target) could not be archived: archive_command fails"] + state.failureLines + serverReason())
                }
            }
            if Date().timeIntervalSince(started) >= archiveWait {
                let last = state.lastArchived.isEmpty ? "none yet" : state.lastArchived
                return failed(["WAL file \(target) did not reach the archive within \(Int(archiveWait)) s (last archived: \(last))"]
                              + (state.failedCount > 0 ? state.failureLines + serverReason() : ["archive_command may hang; look at the primary's log"]))
            }
            control.pause(Self.archivePollInterval(after: polls))
            polls += 1
        }
    }

    /// The command's own reason, quoted from the primary's log, or where
    /// to look when it cannot be read from here.
    private func serverReason() -> [String] {
        if let found = ArchiveFailureReason.find(values: values, host: primary.host) {
            return ["the primary's log (\(found.log)) says: \(found.line)"]
        }
        return ["the reason is in the primary's log, just above \"archive command failed\" (cp's \"Permission denied\", a missing directory, ...)"]
    }

    private func failed(_ detail: [String]) -> Result {
        Result(check: .archiving, passed: false, detail: detail, failureID: "archive-failed")
    }

    private func archiverState() throws -> ArchiverState {
        let row = try primary.query("""
            SELECT coalesce(last_archived_wal, ''), failed_count, coalesce(last_failed_wal, ''),
                   coalesce(date_trunc('second', last_failed_time)::text, '') FROM pg_stat_archiver
            """)
        return ArchiverState(row: row)
    }
}

/// One row of pg_stat_archiver, as far as the check needs it.
struct ArchiverState {
    var lastArchived = ""
    var failedCount = 0
    var lastFailed = ""
    var lastFailedTime = ""

    init(row: String) {
        let fields = row.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 4 else { return }
        (lastArchived, failedCount, lastFailed, lastFailedTime) = (fields[0], Int(fields[1]) ?? 0, fields[2], fields[3])
    }

    var failureLines: [String] {
        ["failed_count \(failedCount); last failed: \(lastFailed.isEmpty ? "none" : lastFailed) at \(lastFailedTime.isEmpty ? "?" : lastFailedTime)"]
    }
}

enum WALFileName {
    /// Segment names are fixed-width hex (timeline, log, segment), so text
    /// order is WAL order. Timeline history files are shorter and never
    /// match; a backup label begins with the name of the segment it started
    /// in, and the archiver reaches it only after that segment.
    static func isAtOrAfter(_ name: String, _ target: String) -> Bool {
        let segment = name.prefix(target.count)
        return !target.isEmpty && segment.count == target.count && segment.allSatisfy(\.isHexDigit) && segment >= target[...]
    }
}
