#if canImport(Glibc)
import Glibc
#endif

/// Questions about files on this machine, asked with stat and access:
/// FileManager's first use costs more than the calls, and these are asked
/// before the first frame.
enum LocalFiles {
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    /// A file (not a directory) this process may execute, as execvp wants.
    static func isExecutable(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT != S_IFDIR && access(path, X_OK) == 0
    }
}
