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

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case noServer
        case alreadyUp(String)
        case foreignCluster(String)
        case command(String, String)
        case exerciseNeedsRoot(LabExercise)
        case exerciseNeedsDebianLayout(LabExercise)
        case exerciseNeedsMajor(LabExercise, installed: String)
        case stateDirectoryInUse(String, [String])

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
            case .stateDirectoryInUse(let path, let names):
                "\(path) already holds files the lab did not make (\(names.prefix(3).joined(separator: ", "))\(names.count > 3 ? ", …" : "")); "
                    + "name a new or empty directory with --state-dir"
            }
        }
    }

    public init(host: any HostAccess = LocalHost(), stateDirectory: String, isRoot: Bool = getuid() == 0,
                namePrefix: String = TrainingLab.defaultPrefix) {
        self.host = host
        self.namePrefix = namePrefix
        // Recorded paths must mean the same from any working directory.
        self.stateDirectory = URL(fileURLWithPath: stateDirectory).standardizedFileURL.path
        self.isRoot = isRoot
    }

    var statePath: String { stateDirectory + "/lab.json" }

    /// True when `up` makes Debian clusters (root with pg_createcluster),
    /// false when it runs initdb in the state directory.
    public var makesDebianClusters: Bool { isRoot && host.fileExists("/usr/bin/pg_createcluster") }

    public func currentState() -> LabState? {
        guard let text = try? host.readFile(statePath) else { return nil }
        return try? JSONDecoder().decode(LabState.self, from: Data(text.utf8))
    }

    /// The newest server Debian's packages installed, as (major, bindir).
    public func installedServer() throws -> (String, String) {
        guard let server = InstalledServer.newest(on: host) else { throw Failure.noServer }
        return (server.major.description, server.binDirectory)
    }
}
