import ArgumentParser
import StandbyCore

/// What the form shows before the operator types: the answers file, then
/// what this machine's PostgreSQL tells (looked up after the first frame,
/// see `detection`), then the catalogue's defaults.
enum StartingAnswers {
    static func load(answersFile: String?, environment: [String: String], hosts: any HostResolver) throws -> Answers {
        var answers = Answers()
        if let answersFile {
            do {
                answers = try AnswersFile.load(path: answersFile, environment: environment)
            } catch let error as AnswersFileError {
                throw WizardError(error.description)
            }
        } else if let password = try passwordFromEnvironment(environment, hosts: hosts) {
            answers[Answers.passwordName] = password
        }
        return answers
    }

    /// This machine's cluster versions, looked up once the first frame is
    /// drawn: pg_lsclusters alone takes longer than the whole first screen.
    static func detection(hosts: any HostResolver) -> LateDefaults {
        let host = hosts.host(for: .local)
        return LateDefaults { detectedVersions(on: host) }
    }

    /// Without an answers file the password may still come from the
    /// environment; an empty answers file gives the same rules.
    private static func passwordFromEnvironment(_ environment: [String: String], hosts: any HostResolver) throws -> String? {
        // Most starts give none: then no YAML is parsed before the first frame.
        guard AnswersFile.environmentGivesPassword(environment) else { return nil }
        do {
            return try AnswersFile.parse(yaml: "", file: "(environment)", environment: environment,
                                         readFile: { try hosts.host(for: .local).readFile($0) }).password
        } catch let error as AnswersFileError {
            throw WizardError(error.description)
        }
    }

    /// The local cluster's major version, offered for both hosts: a standby
    /// must run the primary's major, and this machine is one of the two.
    /// Which host it is, the operator says; cluster and port stay defaults.
    static func detectedVersions(on host: any HostAccess) -> [String: String] {
        guard host.fileExists(ClusterDetection.lsclustersPath),
              let clusters = try? ClusterDetection.detect(on: host) else { return [:] }
        let suggested = ClusterDetection.suggestedAnswers(for: .primary, clusters: clusters)
        guard let version = suggested["PRIMARY_PG_VERSION"] else { return [:] }
        return ["PRIMARY_PG_VERSION": version, "SECONDARY_PG_VERSION": version]
    }
}
