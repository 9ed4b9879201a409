import Foundation

/// What `lab up` made, written next to the lab's answers so that `lab down`
/// removes exactly that and nothing else.
public struct LabState: Codable, Sendable, Equatable {
    public enum Layout: String, Codable, Sendable {
        /// Root on Debian: pg_createcluster, paths exactly as in production.
        case debian
        /// Anyone else: initdb into the state directory.
        case datadir
    }

    public struct Cluster: Codable, Sendable, Equatable {
        public var name: String
        public var port: Int
        public var dataDirectory: String
        public var logFile: String
        /// The PRIMARY_PG_CLUSTER / SECONDARY_PG_CLUSTER answer: the Debian
        /// cluster name, or the data directory for the datadir layout.
        public var clusterAnswer: String
    }

    public var layout: Layout
    public var version: String
    public var primary: Cluster
    public var standby: Cluster
    public var answersFile: String
    public var archiveDirectory: String
    /// The fault a trainer asked for, if any.
    public var exercise: LabExercise?
    /// `--exercise random`: the trainee is not told which until the debrief.
    public var pickedAtRandom = false
    /// Every path the lab made or named, in the order it did so; `down`
    /// takes them away in reverse. Empty in a record from before it was
    /// kept, where `down` falls back to the paths the record names.
    public var made: [LabPath] = []
    /// The server's programs when `--bindir` named them; nil for the
    /// packaged server.
    public var binDirectory: String?
    /// Made by root: a data-directory lab's servers then run as postgres,
    /// and only postgres is let in over the socket.
    public var madeAsRoot = false
}

extension LabState {
    private enum CodingKeys: String, CodingKey {
        case layout, version, primary, standby, answersFile, archiveDirectory, exercise, pickedAtRandom, made, binDirectory, madeAsRoot
    }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        layout = try values.decode(Layout.self, forKey: .layout)
        version = try values.decode(String.self, forKey: .version)
        primary = try values.decode(Cluster.self, forKey: .primary)
        standby = try values.decode(Cluster.self, forKey: .standby)
        answersFile = try values.decode(String.self, forKey: .answersFile)
        archiveDirectory = try values.decode(String.self, forKey: .archiveDirectory)
        exercise = try values.decodeIfPresent(LabExercise.self, forKey: .exercise)
        pickedAtRandom = try values.decodeIfPresent(Bool.self, forKey: .pickedAtRandom) ?? false
        made = try values.decodeIfPresent([LabPath].self, forKey: .made) ?? []
        binDirectory = try values.decodeIfPresent(String.self, forKey: .binDirectory)
        madeAsRoot = try values.decodeIfPresent(Bool.self, forKey: .madeAsRoot) ?? false
    }
}

extension LabState {
    /// The lab whose answers file is `answersFile`, read from the lab.json
    /// beside it, and its state directory; nil for any other answers file.
    public static func owning(answersFile: String) -> (state: LabState, directory: String)? {
        let path = URL(fileURLWithPath: answersFile).standardizedFileURL.path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard let data = FileManager.default.contents(atPath: directory + "/lab.json"),
              let state = try? JSONDecoder().decode(LabState.self, from: data),
              URL(fileURLWithPath: state.answersFile).standardizedFileURL.path == path else { return nil }
        return (state, directory)
    }

    /// Where the walkthrough of this lab's exercise leaves its trail.
    public static func trailPath(in directory: String) -> String { directory + "/" + ExerciseTrail.fileName }
}
