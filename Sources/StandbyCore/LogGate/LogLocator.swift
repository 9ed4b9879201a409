import Foundation

/// Which file a gate reads, and a sentence saying why, shown to the
/// operator so a wrong guess is visible rather than a silent timeout.
public struct LogLocation: Sendable, Equatable {
    public var path: String
    public var reason: String
}

/// Finds a cluster's server log from what the wizard knows about it.
public enum LogLocator {
    /// Where the operator said the log is; it wins over any inference.
    public static func given(_ path: String) -> LogLocation {
        LogLocation(path: path, reason: "Reading \(path), the log file you named.")
    }

    /// postgresql-common sends pg_ctl's stderr to one file per cluster
    /// while logging_collector is off, as it is by default.
    public static func debian(version: PostgresMajor, cluster: String) -> LogLocation {
        let path = "/var/log/postgresql/postgresql-\(version)-\(cluster).log"
        return LogLocation(path: path, reason: "Reading \(path), where Debian's packages send the log of cluster \(version)/\(cluster).")
    }

    /// With logging_collector on, the newest file in log_directory (under
    /// the data directory when relative) whose name fits log_filename.
    /// Nil when the directory holds no such file yet.
    public static func collector(dataDirectory: String, logDirectory: String, logFilename: String) -> LogLocation? {
        let directory = logDirectory.hasPrefix("/") ? logDirectory : dataDirectory + "/" + logDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        let pattern = StrftimePattern(logFilename)
        var best: (name: String, modified: Date)?
        for name in names where pattern.matches(name) {
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)
            let modified = attributes?[.modificationDate] as? Date ?? .distantPast
            // Same second: the name with the later timestamp sorts last.
            if best == nil || modified > best!.modified || (modified == best!.modified && name > best!.name) {
                best = (name, modified)
            }
        }
        guard let best else { return nil }
        let path = directory + "/" + best.name
        return LogLocation(path: path, reason: "Reading \(path): logging_collector is on, and this is the newest file in \(directory) named like \(logFilename).")
    }

    /// Decides from the cluster's configuration text: the collector's files
    /// when logging_collector is on, else the Debian file (nil outside Debian).
    public static func fromConfig(_ texts: [String], dataDirectory: String, major: PostgresMajor,
                                  debianCluster: String?) -> LogLocation? {
        let on = ConfigText.value(of: "logging_collector", in: texts).map { ["on", "true", "yes", "1"].contains($0.lowercased()) } ?? false
        if on {
            let defaultDirectory = VersionFacts.facts(for: major)?.collectorLogDirectory ?? "log"
            return collector(dataDirectory: dataDirectory,
                             logDirectory: ConfigText.value(of: "log_directory", in: texts) ?? defaultDirectory,
                             logFilename: ConfigText.value(of: "log_filename", in: texts) ?? "postgresql-%Y-%m-%d_%H%M%S.log")
        }
        guard let debianCluster else { return nil }
        return debian(version: major, cluster: debianCluster)
    }
}

/// A log_filename pattern as a matcher of file names: each strftime
/// escape stands for the characters it can print.
struct StrftimePattern {
    private enum Piece { case literal(Character), digits(Int), letters, any }
    private let pieces: [Piece]

    init(_ pattern: String) {
        var pieces: [Piece] = []
        var escape = false
        for character in pattern {
            if escape {
                escape = false
                switch character {
                case "Y", "G": pieces.append(.digits(4))
                case "m", "d", "H", "M", "S", "y", "I", "U", "W", "V", "C", "g", "e": pieces.append(.digits(2))
                case "j": pieces.append(.digits(3))
                case "u", "w": pieces.append(.digits(1))
                case "a", "A", "b", "B", "h", "p", "Z": pieces.append(.letters)
                case "%": pieces.append(.literal("%"))
                default: pieces.append(.any)
                }
            } else if character == "%" {
                escape = true
            } else {
                pieces.append(.literal(character))
            }
        }
        self.pieces = pieces
    }

    func matches(_ name: String) -> Bool {
        match(0, Array(name), 0)
    }

    private func match(_ index: Int, _ name: [Character], _ position: Int) -> Bool {
        guard index < pieces.count else { return position == name.count }
        switch pieces[index] {
        case .literal(let character):
            return position < name.count && name[position] == character && match(index + 1, name, position + 1)
        case .digits(let count):
            // %e pads with a space; otherwise digits only.
            guard position + count <= name.count,
                  name[position..<position + count].allSatisfy({ $0.isNumber || $0 == " " }) else { return false }
            return match(index + 1, name, position + count)
        case .letters, .any:
            var end = position
            while true {
                if end > position, match(index + 1, name, end) { return true }
                guard end < name.count else { return false }
                if case .letters = pieces[index], !name[end].isLetter { return false }
                end += 1
            }
        }
    }
}
