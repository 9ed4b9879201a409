import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One `lab up` at a time on this machine, from choosing its ports until
/// its servers hold them: two labs made at once (a trainer's script making
/// one per trainee, in parallel) would otherwise both find the same port
/// free. An advisory lock on a file every user can open; the kernel lets
/// it go when the process ends, however it ends.
struct LabPortLock {
    static let path = "/tmp/standby-wizard-lab-ports.lock"

    private let descriptor: Int32

    /// Waits for the lock. Nil when the file cannot be opened (made by
    /// another user without write access for others, say): the lab is then
    /// made unlocked, as before.
    static func acquire() -> LabPortLock? {
        let previous = umask(0)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o666)
        umask(previous)
        guard descriptor >= 0 else { return nil }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno != EINTR { close(descriptor); return nil }
        }
        return LabPortLock(descriptor: descriptor)
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
