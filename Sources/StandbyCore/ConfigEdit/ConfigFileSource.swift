/// Read access to one host's files for the editors: the file as it is now
/// (bytes kept, so the writer can tell later whether it changed) and the
/// listing an `include_dir` needs. Built on `HostAccess` so the same code
/// reads a remote host once one exists; tests pass a dictionary.
public struct ConfigFileSource: Sendable {
    /// nil when the file does not exist; throws when it exists but cannot be read.
    public var read: @Sendable (String) throws -> [UInt8]?
    /// The names in a directory; nil when there is no such directory.
    public var list: @Sendable (String) throws -> [String]?

    public init(read: @escaping @Sendable (String) throws -> [UInt8]?,
                list: @escaping @Sendable (String) throws -> [String]?) {
        self.read = read
        self.list = list
    }

    public init(host: any HostAccess) {
        read = { path in
            guard try host.fileInfo(path) != nil else { return nil }
            return try host.readFileBytes(path)
        }
        list = { path in
            guard let info = try host.fileInfo(path), info.isDirectory else { return nil }
            return try host.listDirectory(path)
        }
    }

    /// Files held in memory, for tests and for planning against text the
    /// operator edited.
    public static func memory(_ files: [String: String]) -> ConfigFileSource {
        ConfigFileSource(read: { files[$0].map { Array($0.utf8) } }, list: { directory in
            let prefix = directory.hasSuffix("/") ? directory : directory + "/"
            let names = files.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
                .filter { !$0.contains("/") }
            return names.isEmpty ? nil : names
        })
    }
}
