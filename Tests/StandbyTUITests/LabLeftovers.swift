import Foundation

/// Whatever a Debian lab under `prefix` may leave on the machine: its
/// clusters' configuration and data directories (and the copies set aside
/// beside them), their logs, their runtime files.
enum LabLeftovers {
    static func find(prefix: String, version: String) -> [String] {
        let places = ["/etc/postgresql/\(version)", "/var/lib/postgresql/\(version)", "/var/log/postgresql", "/var/run/postgresql"]
        return places.flatMap { place in
            ((try? FileManager.default.contentsOfDirectory(atPath: place)) ?? [])
                .filter { $0.contains(prefix + "-") }
                .map { place + "/" + $0 }
        }.sorted()
    }
}
