import Foundation

/// A walkthrough's journal as a bash script that does again what was done,
/// step by step, in order: each step's title and text as comments, its
/// commands as they ran, its edits as setting, rule and password-file
/// changes made again on the files it finds, its log checks as waits, and
/// the wizard's refusals as refusals. The replication password is read at
/// run time (REP_USER_PW, or asked), never written into the script.
public struct Runbook {
    public var state: WalkthroughState
    public var walkthrough: Walkthrough
    /// For what the journal does not hold: the command of a step that had
    /// nothing to do (a standby already down) and each cluster's socket.
    public var hosts: any HostResolver
    /// Where the journal was, for the header.
    public var source: String

    public init(state: WalkthroughState, walkthrough: Walkthrough, hosts: any HostResolver, source: String) {
        self.state = state
        self.walkthrough = walkthrough
        self.hosts = hosts
        self.source = source
    }

    var values: [String: String] {
        DerivedVariables.templateValues(state.answers, mode: state.mode, facts: hosts.facts(for: .secondary))
    }

    /// What is not done yet when the journal ends; nil when it ends verified.
    public var unfinished: String? {
        let steps = walkthrough.visibleSteps(in: state)
        guard let open = steps.first(where: { state.status(of: $0.id) != .done && state.status(of: $0.id) != .skipped }) else { return nil }
        return open.title
    }

    public func script(now: Date = Date()) -> String {
        let values = values
        let steps = walkthrough.visibleSteps(in: state)
        var out: [String] = ["#!/usr/bin/env bash"]
        out += header(now: now, values: values)
        out.append(RunbookShell.prelude)
        out += variables(values)
        if needsPassword(steps) { out += ["need_password"] }
        for (index, step) in steps.enumerated() {
            let status = state.status(of: step.id)
            guard status == .done || status == .skipped else {
                out += ["", "# The walkthrough had not done step \(index + 1), \"\(step.title)\", when this runbook was made:",
                        "# the steps from here on are not in it.", "echo 'runbook: ends before \"\(step.title)\", where the walkthrough stopped'"]
                break
            }
            out += self.step(step, number: index + 1, skipped: status == .skipped, values: values)
        }
        out += ["", "echo", "echo 'runbook: every step done'", ""]
        return out.joined(separator: "\n")
    }

    private func needsPassword(_ steps: [ScreenDefinition]) -> Bool {
        steps.contains { step in
            guard state.status(of: step.id) == .done, let record = state.records[step.id] else { return false }
            return record.run?.password != nil || record.edits?.contains { $0.kind == .passwordEntry } == true
        }
    }

    private func header(now: Date, values: [String: String]) -> [String] {
        let primary = HostAnswers(.primary, values: values)
        let standby = HostAnswers(.secondary, values: values)
        let stamp = ISO8601DateFormatter().string(from: now)
        return [
            "# standby-wizard runbook, made \(stamp) from the journal \(source).",
            "# It does again what that walkthrough did, in the same order:",
            "#   primary  \(primary.clusterLabel), \(values["PRIMARY_PG_IP"] ?? "?") port \(values["PRIMARY_PG_PORT"] ?? "?")",
            "#   standby  \(standby.clusterLabel), \(values["SECONDARY_PG_IP"] ?? "?") port \(values["SECONDARY_PG_PORT"] ?? "?")",
            "# Run it with bash as root (or a sudo-capable user). RUNBOOK_HOST=primary or",
            "# secondary runs only that host's steps; the default, both, is for one machine",
            "# holding both clusters. The replication password is read from REP_USER_PW, or",
            "# asked at the start (from a terminal, else the first line of standard input);",
            "# it is not in this file. Files are backed up",
            "# beside themselves (*.runbook.DATE) before their first change.",
        ]
    }

    private func variables(_ values: [String: String]) -> [String] {
        var lines = ["", "# From the walkthrough's answers."]
        lines.append("REP_USER=\(ShellQuote.quote(values["REP_USER"] ?? ""))")
        lines.append("PRIMARY_DATA=\(ShellQuote.quote(values["PRIMARY_PG_DATA"] ?? ""))")
        if let confirmed = values[StandbyDirectoryGuard.confirmationKey] {
            lines.append("# The answers file confirmed setting aside a data directory in production:")
            lines.append("CONFIRM_SET_ASIDE=${CONFIRM_SET_ASIDE-\(ShellQuote.quote(confirmed))}")
        }
        return lines
    }

    private func step(_ step: ScreenDefinition, number: Int, skipped: Bool, values: [String: String]) -> [String] {
        var lines = ["", "# " + String(repeating: "-", count: 74),
                     "# Step \(number): \(step.title)" + (step.host == .local ? "" : " (\(step.host.rawValue))")]
        let text = Template.substitute(step.text, values: values).split(separator: "\n", omittingEmptySubsequences: false)
        lines += text.prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { "#   " + $0 }
        if skipped {
            return lines + ["# Skipped in the walkthrough: the operator did it another way, or not at all."]
        }
        let body = RunbookStep(step: step, record: state.records[step.id] ?? StepRecord(), values: values, hosts: hosts).lines()
        guard !body.isEmpty else { return lines + ["# Nothing to run: the wizard asked or checked only."] }
        let role = step.host == .local ? nil : step.host.rawValue
        lines.append(role.map { "if on \($0); then" } ?? "{")
        lines.append("    step \(ShellQuote.quote("\(number). \(step.title)"))")
        lines += body.map { "    " + $0 }
        lines.append(role == nil ? "}" : "fi")
        return lines
    }
}
