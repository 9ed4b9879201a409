/// Every file the server reads for its settings, in the order it reads
/// them: postgresql.conf with its includes expanded where they stand, then
/// postgresql.auto.conf (ALTER SYSTEM's file, which wins over all of them).
/// For any parameter the last assignment in this order is the one that
/// takes effect, and that is the line an edit must change.
public struct ConfChain: Sendable {
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var assignment: ConfAssignment
    }

    public let rootPath: String
    public let autoConfPath: String?
    /// Parsed files by path, in first-read order in `order`.
    public private(set) var files: [String: PostgresqlConf] = [:]
    public private(set) var encodings: [String: FileTextEncoding] = [:]
    public private(set) var originals: [String: [UInt8]] = [:]
    public private(set) var order: [String] = []
    /// Assignments in effect order (includes and the auto file resolved).
    public private(set) var entries: [Entry] = []
    /// Things the server would complain about: syntax errors, a missing
    /// `include`, nesting deeper than it allows.
    public private(set) var problems: [String] = []

    /// The server gives up beyond this include depth.
    static let maximumDepth = 10

    public enum LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        case missing(String)
        case unreadable(String, reason: String)

        public var description: String {
            switch self {
            case .missing(let path): "\(path) does not exist"
            case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
            }
        }
    }

    /// Reads `rootPath` and what it includes, then `autoConfPath` when
    /// given and present. A missing root is an error unless
    /// `missingRootIsEmpty` (a recovery.conf the step is about to create).
    public init(rootPath: String, autoConfPath: String?, source: ConfigFileSource,
                missingRootIsEmpty: Bool = false) throws {
        self.rootPath = rootPath
        self.autoConfPath = autoConfPath
        if try load(rootPath, source: source) == nil {
            guard missingRootIsEmpty else { throw LoadError.missing(rootPath) }
            files[rootPath] = PostgresqlConf("")
            encodings[rootPath] = .utf8
            order.append(rootPath)
        }
        try walk(rootPath, depth: 0, source: source)
        if let autoConfPath, autoConfPath != rootPath, try load(autoConfPath, source: source) != nil {
            try walk(autoConfPath, depth: 0, source: source)
        }
    }

    /// The assignments of `name` in effect order; the last one counts.
    public func assignments(of name: String) -> [Entry] {
        let key = name.lowercased()
        return entries.filter { $0.assignment.key == key }
    }

    public func effective(_ name: String) -> Entry? { assignments(of: name).last }

    /// The value the server would use, if any file sets it.
    public func value(of name: String) -> String? { effective(name)?.assignment.value }

    mutating func replaceFile(_ path: String, with conf: PostgresqlConf) {
        files[path] = conf
        rebuildEntries()
    }

    // MARK: - Loading

    private var includesByFile: [String: [(lineIndex: Int, paths: [String])]] = [:]

    @discardableResult
    private mutating func load(_ path: String, source: ConfigFileSource) throws -> PostgresqlConf? {
        if let known = files[path] { return known }
        let bytes: [UInt8]?
        do {
            bytes = try source.read(path)
        } catch {
            throw LoadError.unreadable(path, reason: failureReason(error))
        }
        guard let bytes else { return nil }
        let text = FileText(bytes: bytes)
        let conf = PostgresqlConf(text.text)
        files[path] = conf
        encodings[path] = text.encoding
        originals[path] = bytes
        order.append(path)
        for problem in conf.problems { problems.append("\(path) \(problem)") }
        return conf
    }

    private mutating func walk(_ path: String, depth: Int, source: ConfigFileSource) throws {
        guard let conf = files[path] else { return }
        var includes: [(Int, [String])] = []
        for kind in conf.kinds {
            guard case .include(let includeKind, let target, let lineIndex) = kind else { continue }
            if depth + 1 > Self.maximumDepth {
                problems.append("\(path) line \(lineIndex + 1): includes nested more than \(Self.maximumDepth) deep")
                continue
            }
            let resolved = ConfPath.resolve(target, relativeTo: path)
            var paths: [String] = []
            switch includeKind {
            case .include, .includeIfExists:
                if try load(resolved, source: source) != nil {
                    paths = [resolved]
                } else if includeKind == .include {
                    problems.append("\(path) line \(lineIndex + 1): included file \(resolved) does not exist")
                }
            case .includeDir:
                let names: [String]?
                do { names = try source.list(resolved) } catch {
                    throw LoadError.unreadable(resolved, reason: failureReason(error))
                }
                guard let names else {
                    problems.append("\(path) line \(lineIndex + 1): include_dir \(resolved) does not exist")
                    break
                }
                // The server takes *.conf files that are not hidden, in
                // strcmp order.
                let chosen = names.filter { $0.hasSuffix(".conf") && !$0.hasPrefix(".") }
                    .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
                for name in chosen {
                    let file = ConfPath.join(resolved, name)
                    if try load(file, source: source) != nil { paths.append(file) }
                }
            }
            // A file that includes itself, directly or not, would loop.
            for included in paths where included != path {
                if includesByFile[included] == nil { try walk(included, depth: depth + 1, source: source) }
            }
            includes.append((lineIndex, paths.filter { $0 != path }))
        }
        includesByFile[path] = includes
        if depth == 0 { rebuildEntries() }
    }

    private mutating func rebuildEntries() {
        var result: [Entry] = []
        var visiting: Set<String> = []
        func expand(_ path: String) {
            guard let conf = files[path], !visiting.contains(path) else { return }
            visiting.insert(path)
            defer { visiting.remove(path) }
            let includes = includesByFile[path] ?? []
            for kind in conf.kinds {
                switch kind {
                case .assignment(let assignment):
                    result.append(Entry(path: path, assignment: assignment))
                case .include(_, _, let lineIndex):
                    for include in includes where include.lineIndex == lineIndex {
                        include.paths.forEach(expand)
                    }
                default:
                    break
                }
            }
        }
        expand(rootPath)
        if let autoConfPath, autoConfPath != rootPath { expand(autoConfPath) }
        entries = result
    }
}
