import Foundation

/// Which file a gate reads, and a sentence saying why, shown to the
/// operator so a wrong guess is visible rather than a silent timeout.
public struct LogLocation: Sendable, Equatable {
    public var path: String
    public var reason: String
    /// The logging collector's directory and file name pattern, when the
    /// server may start a new file: a time in log_filename (the default
    /// postgresql-%Y-%m-%d_%H%M%S.log) names a new file at every start.
    public var collectorFiles: CollectorFiles?

    public init(path: String, reason: String, collectorFiles: CollectorFiles? = nil) {
        self.path = path
        self.reason = reason
        self.collectorFiles = collectorFiles
    }
}

public struct CollectorFiles: Sendable, Equatable {
    public var directory: String
    public var logFilename: String

    /// The names in the directory that fit log_filename.
    public func names(on host: any HostAccess) -> [String] {
        let pattern = StrftimePattern(logFilename)
        return ((try? host.listDirectory(directory)) ?? []).filter(pattern.matches)
    }
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
    /// the data directory when relative) whose name fits log_filename; the
    /// gate moves on to any file the server starts later. Nil when the
    /// directory cannot be read.
    public static func collector(dataDirectory: String, logDirectory: String, logFilename: String,
                                 on host: any HostAccess) -> LogLocation? {
        let directory = logDirectory.hasPrefix("/") ? logDirectory : dataDirectory + "/" + logDirectory
        let files = CollectorFiles(directory: directory, logFilename: logFilename)
        guard host.fileExists(directory) else { return nil }
        var best: (name: String, modified: Double)?
        for name in files.names(on: host) {
            let info = try? host.fileInfo(directory + "/" + name)
            let modified = info.flatMap { $0 }.map { Double($0.modifiedSeconds) + Double($0.modifiedNanoseconds) / 1e9 } ?? 0
            // Same second: the name with the later timestamp sorts last.
            if best == nil || modified > best!.modified || (modified == best!.modified && name > best!.name) {
                best = (name, modified)
            }
        }
        guard let best else {
            return LogLocation(path: directory, reason: "Waiting for the first log file in \(directory) named like \(logFilename): logging_collector is on.",
                               collectorFiles: files)
        }
        let path = directory + "/" + best.name
        return LogLocation(path: path, reason: "Reading \(path): logging_collector is on, and this is the newest file in \(directory) named like \(logFilename).",
                           collectorFiles: files)
    }

    /// A file the server started after the step began.
    static func started(_ path: String, files: CollectorFiles) -> LogLocation {
        LogLocation(path: path, reason: "Reading \(path): the server started this file in \(files.directory) after the step began.",
                    collectorFiles: files)
    }

    /// Decides from the cluster's configuration text: the collector's files
    /// when logging_collector is on, else the Debian file (nil outside Debian).
    public static func fromConfig(_ texts: [String], dataDirectory: String, major: PostgresMajor,
                                  debianCluster: String?, on host: any HostAccess) -> LogLocation? {
        let on = ConfigText.value(of: "logging_collector", in: texts).map { ["on", "true", "yes", "1"].contains($0.lowercased()) } ?? false
        if on {
            let defaultDirectory = VersionFacts.facts(for: major)?.collectorLogDirectory ?? "log"
            return collector(dataDirectory: dataDirectory,
                             logDirectory: ConfigText.value(of: "log_directory", in: texts) ?? defaultDirectory,
                             logFilename: ConfigText.value(of: "log_filename", in: texts) ?? "postgresql-%Y-%m-%d_%H%M%S.log",
                             on: host)
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
