#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's environment as a dictionary, read from `environ`.
/// ProcessInfo gives the same, but its first use sets up Foundation's
/// process object, a share of the wait for the first frame one read of
/// `environ` does not have.
public enum ProcessEnvironment {
    public static func current() -> [String: String] {
        var count = 0
        while environ[count] != nil { count += 1 }
        // Sized once: growing it rehashed every entry several times.
        var values: [String: String] = Dictionary(minimumCapacity: count)
        var entry = environ
        while let pointer = entry.pointee {
            let pair = String(cString: pointer)
            // As getenv: the first of two entries with one name wins.
            if let equals = pair.firstIndex(of: "=") {
                let name = String(pair[..<equals])
                if values[name] == nil { values[name] = String(pair[pair.index(after: equals)...]) }
            }
            entry += 1
        }
        return values
    }
}
