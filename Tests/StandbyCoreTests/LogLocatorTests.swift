import Foundation
import StandbyCore
import Testing

@Suite("Finding the server log")
struct LogLocatorTests {
    @Test func debianPathAndReason() {
        let location = LogLocator.debian(version: PostgresMajor(9, 5), cluster: "main")
        #expect(location.path == "/var/log/postgresql/postgresql-9.5-main.log")
        #expect(location.reason.contains(location.path))
    }

    @Test func collectorPicksTheNewestMatchingFileUnderARelativeDirectory() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/log", withIntermediateDirectories: true)
        for (name, age) in [("postgresql-2024-05-01_000000.log", 200.0), ("postgresql-2024-05-02_000000.log", 100.0),
                            ("notes.txt", 0.0), ("postgresql-2024-05-02_000000.log.gz", 0.0)] {
            let path = dir.path + "/log/" + name
            try "x\n".write(toFile: path, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: path)
        }
        let conf = "logging_collector = on\n#log_directory = 'elsewhere'\n"
        let location = LogLocator.fromConfig([conf], dataDirectory: dir.path, major: PostgresMajor(15), debianCluster: "main", on: LocalHost())
        #expect(location?.path == dir.path + "/log/postgresql-2024-05-02_000000.log")
        #expect(location?.reason.contains("logging_collector is on") == true)
        // Collector off: Debian's file.
        #expect(LogLocator.fromConfig(["logging_collector = off"], dataDirectory: dir.path, major: PostgresMajor(15),
                                      debianCluster: "main", on: LocalHost())?.path == "/var/log/postgresql/postgresql-15-main.log")
    }

    @Test func operatorGivenPathWins() {
        #expect(LogLocator.given("/srv/pg.log").path == "/srv/pg.log")
    }
}
