import Foundation

/// The machine the wizard runs on.
public struct LocalHost: HostAccess {
    public let role: HostRole

    public init(role: HostRole = .local) {
        self.role = role
    }

    public func readFile(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw HostAccessError.cannotRead(path) }
        return String(decoding: data, as: UTF8.self)
    }

    public func fileExists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    public func run(_ argv: [String], environment: [String: String]?) throws -> CommandOutput {
        guard let name = argv.first, !name.isEmpty else { throw HostAccessError.emptyCommand }
        let path = environment?["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let executable = Self.resolve(name, searchPath: path) else { throw HostAccessError.commandNotFound(name) }

        // A command that wants input gets /dev/null, not a terminal that
        // ncurses owns; see Subprocess for why not Foundation's Process.
        return try Subprocess.run([executable] + argv.dropFirst(), environment: environment)
    }

    /// argv[0] as execvp would find it: a name with a slash is used as is.
    static func resolve(_ name: String, searchPath: String) -> String? {
        if name.contains("/") { return name }
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
