import Foundation
import StandbyCore
#if canImport(Glibc)
import Glibc
#endif

/// The sudo password of an ssh user whose sudo asks for one: typed once on
/// the terminal, with echo off, before the screen opens (or, without a
/// terminal, the first line of standard input), checked with sudo there
/// and kept in memory only.
enum SudoPasswords {
    static func ask(_ hosts: AnswerHosts) throws {
        for destination in hosts.hostsAwaitingSudoPassword {
            let prompt = "sudo password of \(destination) (asked once, kept in memory only): "
            guard let password = readSecret(prompt: prompt), !password.isEmpty else {
                throw WizardError("sudo on \(destination) asks for a password and none was typed; "
                    + "type it when asked, or log in as root, or allow this user sudo without a password (NOPASSWD)")
            }
            guard try hosts.giveSudoPassword(password, for: destination) else {
                throw WizardError("sudo on \(destination) refused that password; nothing was changed")
            }
        }
    }

    /// From the controlling terminal when there is one, else one line of
    /// standard input.
    static func readSecret(prompt: String) -> String? {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return readLine(strippingNewline: true) }
        defer { close(fd) }
        var saved = termios()
        let isTerminal = tcgetattr(fd, &saved) == 0
        if isTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(fd, TCSAFLUSH, &quiet)
        }
        defer { if isTerminal { tcsetattr(fd, TCSAFLUSH, &saved) } }
        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1, byte != 0x0A, byte != 0x0D { bytes.append(byte) }
        _ = write(fd, "\n", 1)
        return String(decoding: bytes, as: UTF8.self)
    }
}
