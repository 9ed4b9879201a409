import Foundation
import StandbyCore

/// What makes steps real: the machine's facts, the transcript, and the live
/// command and gate of each step, kept by step id so that going back and
/// forth finds them as they were. Without a runtime the app only shows
/// what steps would do (the goldens use that).
public final class StepRuntime: @unchecked Sendable {
    public let facts: HostFacts
    public let transcript: Transcript?
    /// The operator's choice of service control over the detected one.
    public var serviceOverride: ServiceMethod?
    /// Server logs the operator named, by host, over what is found.
    public var logOverrides: [HostRole: String] = [:]
    var commands: [String: CommandStep] = [:]
    var gates: [String: LogGate] = [:]
    var edits: [String: EditSession] = [:]
    var verifications: [String: [Verification.Result]] = [:]
    /// Why a gate could not be set up, by step id, for the pane.
    var gateProblems: [String: String] = [:]
    /// What this machine shows for a host form's answers, by those answers:
    /// the pane is drawn often and pg_lsclusters is a program run.
    private var surveys: [String: [HostSurvey.Finding]] = [:]
    private var clusterList: (at: Date, clusters: [DetectedCluster])?

    public init(facts: HostFacts, transcript: Transcript?) {
        self.facts = facts
        self.transcript = transcript
    }

    /// The transcript goes beside the session log, one file per run.
    public static func standard(environment: [String: String]) -> StepRuntime {
        let directory = SessionLogDirectory.transcripts(environment: environment)
        return StepRuntime(facts: HostFacts.detect(), transcript: try? Transcript(directory: directory))
    }

    func commandStep(for step: ScreenDefinition, action: CommandAction, values: [String: String],
                     password: String?, size: PtyProcess.Size, mode: WizardMode) throws -> CommandStep {
        if let existing = commands[step.id] { return existing }
        var step = step
        step.action = .command(LabUser.adjust(action, mode: mode, facts: facts))
        let plan = try CommandBuilder.forHost(step.host, values: values, facts: facts, serviceOverride: serviceOverride)
            .plan(for: step, values: values, password: password)
        let command = CommandStep(plan: plan, facts: facts, transcript: transcript, size: size)
        commands[step.id] = command
        return command
    }

    /// A restart or start is about to run: the gate that follows it must
    /// know where the log stands now, before the server writes to it.
    func markLogBeforeService(on host: HostRole, gateStep: ScreenDefinition?, values: [String: String]) {
        guard let gateStep, case .gate(let action) = gateStep.action else { return }
        gates[gateStep.id] = nil
        gateProblems[gateStep.id] = nil
        do {
            gates[gateStep.id] = try GateFactory.make(for: gateStep, action: action, values: values, logOverride: logOverrides[gateStep.host])
        } catch {
            gateProblems[gateStep.id] = "\(error)"
        }
    }

    /// The gate for a step, made on first sight when no service step marked
    /// the log (the operator restarted by hand): it then reads from now on.
    func gate(for step: ScreenDefinition, action: GateAction, values: [String: String]) -> LogGate? {
        if let gate = gates[step.id] { return gate }
        if gateProblems[step.id] != nil { return nil }
        do {
            let gate = try GateFactory.make(for: step, action: action, values: values, logOverride: logOverrides[step.host])
            gates[step.id] = gate
            return gate
        } catch {
            gateProblems[step.id] = "\(error)"
            return nil
        }
    }

    func survey(of role: HostRole, answers: Answers) -> [HostSurvey.Finding] {
        let prefix = role == .secondary ? "SECONDARY" : "PRIMARY"
        let key = ([role.rawValue] + ["VERSION", "CLUSTER", "PORT"].map { answers["\(prefix)_PG_\($0)"] ?? "" }).joined(separator: "|")
        if let known = surveys[key] { return known }
        // pg_lsclusters is a Perl program: listed once a few seconds, not
        // on every key that makes the port valid again.
        if clusterList == nil || Date().timeIntervalSince(clusterList!.at) > 5 {
            clusterList = (Date(), (try? ClusterDetection.detect(on: LocalHost())) ?? [])
        }
        let found = HostSurvey.findings(for: role, answers: answers, host: LocalHost(role: role), facts: facts,
                                        clusters: clusterList?.clusters ?? [])
        surveys[key] = found
        return found
    }
}
