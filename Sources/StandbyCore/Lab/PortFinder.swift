import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ports for lab clusters: free on 127.0.0.1 right now and not configured
/// for any cluster on this machine (a stopped cluster still owns its port).
public enum PortFinder {
    public static func freePorts(_ count: Int, excluding taken: Set<Int>, startingAt start: Int = 55432) throws -> [Int] {
        var found: [Int] = []
        var port = start
        while found.count < count && port < 65535 {
            if !taken.contains(port) && isFree(port) { found.append(port) }
            port += 1
        }
        guard found.count == count else { throw POSIXError(.EADDRINUSE) }
        return found
    }

    /// True when a server could listen on the port on loopback.
    public static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        // PostgreSQL binds with SO_REUSEADDR, so a port whose last
        // connections linger in TIME_WAIT (a lab just taken down) is free
        // for it; the same lab made again gets its old ports back.
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
