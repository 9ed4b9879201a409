import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One database host reached with the system's ssh client. Every access
/// shares one connection (ControlMaster), whose socket lives in a private
/// 0700 directory of this wizard's, so steps do not pay a handshake each
/// and nobody else can ride on the connection.
public final class SshConnection: @unchecked Sendable {
    public let destination: SshDestination
    let controlDirectory: String
    /// Extra ssh options, as `-o NAME=VALUE` pairs (tests point ssh at
    /// their own configuration with `-F`).
    let extraOptions: [String]
    private let lock = NSLock()

    public init(destination: SshDestination, controlDirectory: String, extraOptions: [String] = []) {
        self.destination = destination
        self.controlDirectory = controlDirectory
        self.extraOptions = extraOptions
    }

    static let client = "ssh"

    /// Options every call shares. Keep-alives turn a dead link into an
    /// error within seconds instead of a hang.
    var commonOptions: [String] {
        ["-o", "ControlPath=\(controlDirectory)/%C", "-o", "ConnectTimeout=10",
         "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3", "-o", "LogLevel=ERROR"] + extraOptions
    }

    /// A command with no terminal: BatchMode, so ssh never stops to ask
    /// anything (a password, a host key) where nobody can answer.
    func batchArgv(_ remoteLine: String) -> [String] {
        [Self.client] + commonOptions + ["-o", "BatchMode=yes", "-o", "ControlMaster=auto", "-o", "ControlPersist=600",
                                         "-T", "--", destination.text, remoteLine]
    }

    /// A program whose input stays open (`HostSession`), on the
    /// connection `ensureMaster` opened. Never the master itself: a master
    /// started here would stay in the background holding the session's
    /// output open after the program ended.
    func sessionArgv(_ remoteLine: String) -> [String] {
        [Self.client] + commonOptions + ["-o", "BatchMode=yes", "-o", "ControlMaster=no", "-T", "--", destination.text, remoteLine]
    }

    /// A command on a terminal (live output, prompts answered). It uses
    /// the connection `ensureMaster` opened and never becomes the master
    /// itself: a master started here would keep the pane's terminal open
    /// after the command ended.
    func terminalArgv(_ remoteLine: String) -> [String] {
        [Self.client] + commonOptions + ["-o", "BatchMode=yes", "-o", "ControlMaster=no", "-tt", "--", destination.text, remoteLine]
    }

    /// Runs `remoteLine` through the remote user's shell; `input` is its
    /// standard input. Exit 255 is ssh's own failure and becomes an
    /// `SshProblem`.
    func run(_ remoteLine: String, input: [UInt8]? = nil) throws -> CommandOutput {
        let output = try Subprocess.run(batchArgv(remoteLine), environment: nil, input: input)
        if output.exitStatus == 255 {
            throw SshProblem.classify(output.stderr, destination: destination)
        }
        return output
    }

    /// Opens the shared connection if it is not open, so that the next
    /// terminal command finds it.
    func ensureMaster() throws {
        lock.lock()
        defer { lock.unlock() }
        let check = try Subprocess.run([Self.client] + commonOptions + ["-O", "check", "--", destination.text])
        if check.exitStatus == 0 { return }
        _ = try run("true")
    }

    /// Closes the shared connection (the wizard is done with the host).
    public func close() {
        _ = try? Subprocess.run([Self.client] + commonOptions + ["-O", "exit", "--", destination.text])
    }
}

/// The private directory of one wizard's ssh control sockets.
public enum SshControlDirectory {
    public static func make() throws -> String {
        // A short path: a Unix socket's name must fit in 108 bytes, and
        // ssh's %C alone takes 40.
        var template = Array("/tmp/standby-wizard-ssh-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw HostAccessError.cannotStart("ssh", reason: "cannot make a directory for its connections: \(SystemError.text(errno))")
        }
        let path = String(cString: made)
        chmod(path, 0o700)
        return path
    }

    /// Removes the directory once its connections are closed.
    public static func remove(_ path: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] { unlink(path + "/" + name) }
        rmdir(path)
    }
}
