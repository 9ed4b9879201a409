import ArgumentParser
import Foundation
import StandbyCore
#if canImport(Glibc)
import Glibc
#endif

/// Replaces a file through the safe writer. Hidden: it exists for the test
/// that kills a writer between writing the temporary file and renaming it,
/// and shows the original survives. With STANDBY_WIZARD_PAUSE_BEFORE_RENAME
/// set to a path, the process writes its pid there and stops itself at
/// exactly that moment.
struct WriteFile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_write-file",
        abstract: "Replace FILE with the content of --from through the safe writer (for tests).",
        shouldDisplay: false
    )

    static let pauseVariable = "STANDBY_WIZARD_PAUSE_BEFORE_RENAME"

    @Argument(help: ArgumentHelp("The file to replace.", valueName: "FILE"))
    var path: String

    @Option(name: .long, help: ArgumentHelp("Where the new content is.", valueName: "FILE"))
    var from: String

    func run() throws {
        guard let current = FileManager.default.contents(atPath: path),
              let content = FileManager.default.contents(atPath: from) else {
            throw WizardError("cannot read \(path) or \(from)")
        }
        let pauseFile = ProcessInfo.processInfo.environment[Self.pauseVariable]
        let receipt = try SafeFileWriter.write(SafeWrite(path: path, content: Array(content), expected: Array(current)),
                                               at: Date()) { _ in
            guard let pauseFile else { return }
            // Written whole, then renamed, so the test never reads half a pid.
            try? "\(getpid())\n".write(toFile: pauseFile + ".part", atomically: false, encoding: .utf8)
            rename(pauseFile + ".part", pauseFile)
            raise(SIGSTOP)
        }
        print("replaced \(receipt.path); backup \(receipt.backupPath ?? "none")")
    }
}
