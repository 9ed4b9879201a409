import Foundation
import StandbyCore

/// The database hosts a command acts on, as the answers name them (this
/// machine, or over ssh), opened before any step so that a host that
/// cannot be reached is said first, with the command that fixes it.
enum Hosts {
    static func connect(_ answers: Answers, role: HostRole?) throws -> AnswerHosts {
        let hosts = AnswerHosts(answers: answers.values, only: role)
        do {
            try hosts.connect()
            try SudoPasswords.ask(hosts)
        } catch let error as WizardError {
            hosts.close()
            throw error
        } catch {
            hosts.close()
            throw WizardError("\(error)")
        }
        return hosts
    }

    /// One line per host over ssh, for `run` and `plan`.
    static func describe(_ hosts: AnswerHosts) -> [String] {
        [HostRole.primary, .secondary].compactMap { role in
            guard let destination = hosts.destination(for: role) else { return nil }
            let facts = hosts.facts(for: role)
            return "\(role.rawValue): over ssh to \(destination), as \(facts.userName)"
        }
    }
}
