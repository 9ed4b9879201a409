import Foundation
import StandbyCore
#if canImport(Glibc)
import Glibc
#endif

/// A whole standby built on a lab by `run --answers`, against the same
/// commands and edits as one plain bash script: the runbook of that very
/// walkthrough, run on a fresh lab of the same answers. Both wait on the
/// same servers; what differs is the wizard's own work and how soon its log
/// checks see what they wait for.
enum WholeRun {
    static func rows(quick: Bool, runs: Int, scratch: Scratch) throws -> [Row] {
        guard getuid() == 0, access("/usr/bin/pg_createcluster", X_OK) == 0 else {
            FileHandle.standardError.write(Data("standby-bench: whole-run skipped: it needs root and Debian's PostgreSQL (pg_createcluster)\n".utf8))
            return []
        }
        let wizard = FirstFrame.binaries(given: nil)[0]
        // Each run makes two labs: a few are enough for a median.
        let n = quick ? 1 : min(runs, 3)
        // One lab, made afresh before each run (the same names and ports,
        // so one runbook serves every pass). A first wizard run, not
        // counted, writes the journal the runbook is made from; it also
        // reads PostgreSQL's programs back into the page cache, which the
        // rows before this one pushed out.
        let lab = try BenchLab(wizard: wizard.path, scratch: scratch, index: 0)
        defer { lab.down() }
        let script = try runbook(lab: lab, wizard: wizard.path, scratch: scratch)
        var ours: [Double] = [], theirs: [Double] = []
        for index in 0..<n {
            // The two take turns at going first: after the bench's earlier
            // gigabytes the disk is still writing back, and whichever ran
            // first in every pass paid for it (1.34 once, against 1.05
            // with nothing before it).
            let wizardFirst = index % 2 == 0
            for wizardTurn in wizardFirst ? [true, false] : [false, true] {
                try lab.remake()
                if wizardTurn {
                    ours.append(try wizardRun(lab: lab, wizard: wizard.path, journals: scratch.file("journals-\(index)")).seconds)
                } else {
                    theirs.append(try runbookRun(lab: lab, script: script))
                }
            }
        }
        var row = Row(name: "whole run", input: "a lab standby (Debian layout), N=\(n), \(wizard.label)", project: Measure.median(ours),
                      baseline: Measure.median(theirs), target: "ratio <= 1.2", met: false,
                      note: "run --answers --mode lab against the runbook of that walkthrough as one bash script, each on a lab made afresh, "
                        + "taking turns at going first; after one wizard run not counted, which wrote the runbook's journal")
        row.met = row.ratio <= 1.2
        return [row]
    }

    /// The wizard's run on the lab as it is; stops the bench if it did not
    /// end verified (a run that stopped is no measure of one that finished).
    static func wizardRun(lab: BenchLab, wizard: String, journals: String) throws -> ProcessRun {
        let run = try Measure.run([wizard, "run", "--answers", lab.answers, "--mode", "lab", "--journal-dir", journals],
                                  environment: lab.environment)
        guard run.output.contains("verification passed") else {
            throw BenchError("the wizard's run did not finish: \(run.output.suffix(600))")
        }
        return run
    }

    /// A wizard run on a fresh lab, and the runbook of its journal.
    static func runbook(lab: BenchLab, wizard: String, scratch: Scratch) throws -> String {
        let journals = scratch.file("journals-first")
        _ = try wizardRun(lab: lab, wizard: wizard, journals: journals)
        let script = scratch.file("runbook.sh")
        _ = try Measure.run([wizard, "runbook", "--journal-dir", journals, "-o", script], environment: lab.environment)
        return script
    }

    /// The runbook on the lab as it is, with the lab's password.
    static func runbookRun(lab: BenchLab, script: String) throws -> Double {
        let password = try AnswersFile.load(path: lab.answers, environment: [:]).password ?? ""
        let ran = try Measure.run(["/bin/bash", script], environment: lab.environment.merging(["REP_USER_PW": password]) { $1 })
        guard ran.output.contains("runbook: every step done") else {
            throw BenchError("the runbook did not finish: \(ran.output.suffix(400))")
        }
        return ran.seconds
    }
}

/// A lab of the bench's own: its own name prefix and state directory, so
/// an operator's lab (swlab) is never touched, and always taken down.
final class BenchLab {
    let wizard: String
    let flags: [String]
    let answers: String
    let environment: [String: String]

    init(wizard: String, scratch: Scratch, index: Int) throws {
        self.wizard = wizard
        // The lab's WAL archive is in its state directory, which the
        // server's account must reach: the scratch itself is root's alone.
        let state = scratch.file("lab-\(index)")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: false)
        chmod(scratch.path, 0o711)
        flags = ["--state-dir", state, "--name-prefix", "swbench\(getpid() % 100000)x\(index)"]
        // Transcripts and session logs in the scratch, not the operator's.
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = scratch.path
        env["XDG_STATE_HOME"] = scratch.path
        env["STANDBY_WIZARD_SESSION_LOG"] = nil
        environment = env
        answers = try Self.up(wizard: wizard, flags: flags, environment: env)
    }

    static func up(wizard: String, flags: [String], environment: [String: String]) throws -> String {
        let up = try Measure.run([wizard, "lab", "up"] + flags, environment: environment)
        guard let path = up.output.split(separator: "\n").last.map(String.init), path.hasPrefix("/") else {
            throw BenchError("lab up: \(up.output.suffix(400))")
        }
        return path
    }

    /// Down and up again: the same ports and names, new clusters.
    func remake() throws {
        let ports = try Self.ports(answers)
        down()
        let again = try Self.up(wizard: wizard, flags: flags, environment: environment)
        guard again == answers, try Self.ports(again) == ports else {
            throw BenchError("the lab came back on other ports or answers (\(again)); the runbook names the first ones")
        }
    }

    static func ports(_ path: String) throws -> [String?] {
        let answers = try AnswersFile.load(path: path, environment: [:])
        return [answers["PRIMARY_PG_PORT"], answers["SECONDARY_PG_PORT"]]
    }

    func down() {
        _ = try? Measure.run([wizard, "lab", "down"] + flags, environment: environment)
    }
}
