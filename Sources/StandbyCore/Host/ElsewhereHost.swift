import Foundation

/// The other database host in a one-host walkthrough (`--role`): not this
/// machine, so every access says so instead of reading this machine's files
/// under that host's paths.
public struct ElsewhereHost: HostAccess {
    public let role: HostRole
    /// The role this machine plays.
    public let here: HostRole

    var refusal: HostCannotDo {
        HostCannotDo(what: "be reached from the \(here.rawValue) in a --role \(here.rawValue) walkthrough", role: role)
    }

    public func readFile(_ path: String) throws -> String { throw refusal }
    public func fileExists(_ path: String) -> Bool { false }
    public func run(_ argv: [String], environment: [String: String]?) throws -> CommandOutput { throw refusal }
    public func readFileBytes(_ path: String) throws -> [UInt8] { throw refusal }
    public func fileInfo(_ path: String) throws -> FileInfo? { throw refusal }
    public func listDirectory(_ path: String) throws -> [String] { throw refusal }
    public func account(named name: String) throws -> UserAccount? { throw refusal }
    public func writeFileSafely(_ write: SafeWrite, at date: Date) throws -> SafeWriteReceipt { throw refusal }
}
