import Foundation

/// Two throwaway clusters on this machine, a primary and a would-be standby,
/// each on its own port and under its own name, plus an answers file for
/// them. It refuses to touch a cluster it did not create.
public struct TrainingLab {
    public static let defaultPrefix = "swlab"

    public let host: any HostAccess
    /// Cluster names are PREFIX-primary and PREFIX-standby; tests use their
    /// own prefix so they never meet an operator's lab.
    public let namePrefix: String
    public var primaryName: String { namePrefix + "-primary" }
    public var standbyName: String { namePrefix + "-standby" }
    public let stateDirectory: String
    public let isRoot: Bool
    /// `--bindir`: a server other than the packaged one, such as a second
    /// major unpacked beside it. Its clusters use the data-directory layout:
    /// pg_createcluster knows only the packaged majors.
    public let serverBinDirectory: String?

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case noServer
        case alreadyUp(String)
        case foreignCluster(String)
        case command(String, String)
        case exerciseNeedsRoot(LabExercise)
        case exerciseNeedsDebianLayout(LabExercise)
        case exerciseNeedsMajor(LabExercise, installed: String)
        case stateDirectoryInUse(String, [String])
        case noServerIn(String, String)

        public var description: String {
            switch self {
            case .noServer: "no PostgreSQL server is installed (Debian: apt-get install postgresql)"
            case .alreadyUp(let path): "a lab is already up (\(path)); run `standby-wizard lab down` first"
            case .foreignCluster(let name): "a cluster named \(name) exists and this lab did not make it; it is left alone"
            case .command(let what, let output): "\(what) failed: \(output)"
            case .exerciseNeedsRoot(let exercise): "the exercise \(exercise.rawValue) needs root: only root can lock the postgres user out of a directory"
            case .exerciseNeedsDebianLayout(let exercise):
                "the exercise \(exercise.rawValue) needs root with Debian's pg_createcluster: elsewhere the standby's configuration comes with the copy"
            case .exerciseNeedsMajor(let exercise, let installed):
                "the exercise \(exercise.rawValue) needs PostgreSQL \(exercise.oldestMajor) or later; the newest installed is \(installed)"
            case .noServerIn(let directory, let reason):
                "no PostgreSQL server the wizard knows in \(directory): \(reason)"
            case .stateDirectoryInUse(let path, let names):
                "\(path) already holds files the lab did not make (\(names.prefix(3).joined(separator: ", "))\(names.count > 3 ? ", …" : "")); "
                    + "name a new or empty directory with --state-dir"
            }
        }
    }

    public init(host: any HostAccess = LocalHost(), stateDirectory: String, isRoot: Bool = getuid() == 0,
                namePrefix: String = TrainingLab.defaultPrefix, serverBinDirectory: String? = nil) {
        self.host = host
        self.serverBinDirectory = serverBinDirectory.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        self.namePrefix = namePrefix
        // Recorded paths must mean the same from any working directory.
        self.stateDirectory = URL(fileURLWithPath: stateDirectory).standardizedFileURL.path
        self.isRoot = isRoot
    }

    var statePath: String { stateDirectory + "/lab.json" }

    /// True when `up` makes Debian clusters (root with pg_createcluster),
    /// false when it runs initdb in the state directory.
    public var makesDebianClusters: Bool { isRoot && serverBinDirectory == nil && host.fileExists("/usr/bin/pg_createcluster") }

    public func currentState() -> LabState? {
        guard let text = try? host.readFile(statePath) else { return nil }
        return try? JSONDecoder().decode(LabState.self, from: Data(text.utf8))
    }

    /// The server the lab runs, as (major, bindir): the one `--bindir`
    /// names, else the newest Debian's packages installed.
    public func installedServer() throws -> (String, String) {
        if let directory = serverBinDirectory {
            return (try Self.major(ofServerIn: directory, on: host).description, directory)
        }
        guard let server = InstalledServer.newest(on: host) else { throw Failure.noServer }
        return (server.major.description, server.binDirectory)
    }

    /// What `postgres --version` says, as a major the version table knows.
    static func major(ofServerIn directory: String, on host: any HostAccess) throws -> PostgresMajor {
        let program = directory + "/postgres"
        guard host.fileExists(program) else { throw Failure.noServerIn(directory, "there is no postgres program there") }
        guard let result = try? host.run([program, "--version"], environment: nil), result.succeeded else {
            throw Failure.noServerIn(directory, "postgres --version failed")
        }
        // "postgres (PostgreSQL) 18.1", "postgres (PostgreSQL) 9.6.24": the
        // major is the first number from 10 on, the first two before.
        let release = result.stdout.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        let parts = release.split(separator: ".")
        let majorText = parts.first == "9" && parts.count > 1 ? "9.\(parts[1])" : parts.first.map(String.init) ?? ""
        let digits = String(majorText.prefix { $0.isNumber || $0 == "." })
        guard let major = PostgresMajor(digits), VersionFacts.facts(for: major) != nil else {
            throw Failure.noServerIn(directory, "it says \(ErrorText.oneLine(result.stdout)), not a major from 9.5 to 18")
        }
        return major
    }
}
