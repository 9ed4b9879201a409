import Foundation
import Testing
@testable import StandbyCore

/// systemctl is chosen for a data-directory cluster only when the PGDG
/// unit of its version serves that very data directory.
@Suite("PGDG systemd units and the data directory they serve")
struct PgdgUnitsTests {
    /// `systemctl show -p Id -p LoadState -p Environment` for three units,
    /// in the shape systemd 252 prints (one installed with a drop-in that
    /// moved PGDATA, one installed as shipped, one not installed).
    static let show = """
        Id=postgresql-15.service
        LoadState=loaded
        Environment=PGDATA=/srv/pg15/data/ PG_OOM_ADJUST_FILE=/proc/self/oom_score_adj PG_OOM_ADJUST_VALUE=0

        Id=postgresql-16.service
        LoadState=loaded
        Environment=PGDATA=/var/lib/pgsql/16/data/ PG_OOM_ADJUST_FILE=/proc/self/oom_score_adj PG_OOM_ADJUST_VALUE=0

        Id=postgresql-17.service
        LoadState=not-found
        Environment=

        """

    static func facts(units: [String: String]?) -> HostFacts {
        HostFacts(isRoot: true, userName: "root", runuserPath: "/usr/sbin/runuser", systemdRunning: true, pgdgUnits: units)
    }

    @Test func theUnitsAndTheirDataDirectoriesAreRead() {
        #expect(PgdgUnits.parse(Self.show) == ["postgresql-15": "/srv/pg15/data/", "postgresql-16": "/var/lib/pgsql/16/data/"])
        #expect(PgdgUnits.environmentValue("PGDATA", in: "A=1 \"PGDATA=/srv/with space\" B=2") == "/srv/with space")
        #expect(PgdgUnits.environmentValue("PGDATA", in: "A=1") == nil)
        #expect(PgdgUnits.showArgv.suffix(2) == ["postgresql-17.service", "postgresql-18.service"])
    }

    @Test func theUnitOfThisDataDirectoryIsUsed() throws {
        let control = try #require(ServiceControl(version: PostgresMajor(16), cluster: "/var/lib/pgsql/16/data",
                                                  facts: Self.facts(units: PgdgUnits.parse(Self.show))))
        #expect(control.method == .systemctl)
        #expect(control.argv(.restart) == ["systemctl", "restart", "postgresql-16"])
    }

    @Test func aUnitServingAnotherDirectoryIsNotUsed() throws {
        let control = try #require(ServiceControl(version: PostgresMajor(15), cluster: "/var/lib/pgsql/15/data",
                                                  facts: Self.facts(units: PgdgUnits.parse(Self.show))))
        #expect(control.method == .pgCtl)
        #expect(control.explanation.contains("systemd's postgresql-15 serves PGDATA=/srv/pg15/data/, not this cluster's /var/lib/pgsql/15/data"),
                "\(control.explanation)")
        #expect(control.argv(.start).first == "/usr/pgsql-15/bin/pg_ctl" || control.argv(.start).first?.hasSuffix("/pg_ctl") == true)
    }

    @Test func noUnitForTheVersionMeansPgCtl() throws {
        let control = try #require(ServiceControl(version: PostgresMajor(17), cluster: "/var/lib/pgsql/17/data",
                                                  facts: Self.facts(units: PgdgUnits.parse(Self.show))))
        #expect(control.method == .pgCtl)
        #expect(control.explanation.contains("systemd has no unit postgresql-17"))
    }

    @Test func debianClustersAndUnreadUnitsKeepSystemctl() throws {
        let debian = try #require(ServiceControl(version: PostgresMajor(15), cluster: "main",
                                                 facts: Self.facts(units: PgdgUnits.parse(Self.show))))
        #expect(debian.argv(.restart) == ["systemctl", "restart", "postgresql@15-main"])
        let unread = try #require(ServiceControl(version: PostgresMajor(15), cluster: "/var/lib/pgsql/15/data",
                                                 facts: Self.facts(units: nil)))
        #expect(unread.method == .systemctl)
        // The operator's choice stands over the check.
        let chosen = try #require(ServiceControl(version: PostgresMajor(15), cluster: "/var/lib/pgsql/15/data",
                                                 facts: Self.facts(units: [:]), override: .systemctl))
        #expect(chosen.method == .systemctl)
    }

    /// The ssh probe's script, run here by sh: without systemd it prints
    /// no unit lines, and its systemctl call is the one above.
    @Test func theRemoteProbeCarriesTheUnitsCall() throws {
        #expect(RemoteFacts.probeScript.contains("systemctl show -p Id -p LoadState -p Environment postgresql-9.5.service"))
        #expect(!RemoteFacts.probeScript.contains("UNITS_SHOW"))
        let output = try Subprocess.run(["sh", "-c", RemoteFacts.probeScript])
        #expect(output.exitStatus == 0)
    }

    /// On a systemd host systemctl is asked when a step needs the units,
    /// once, and not while the wizard starts (it is slower than the first
    /// frame). A stand-in systemctl counts its runs in a file.
    @Test func systemctlRunsOnFirstUseAndOnce() throws {
        let dir = try TemporaryDirectory()
        let marker = dir.path + "/run-systemd-system"
        try FileManager.default.createDirectory(atPath: marker, withIntermediateDirectories: true)
        try dir.write("show.txt", Self.show)
        try dir.write("systemctl", "#!/bin/sh\necho ran >> '\(dir.path)/runs'\ncat '\(dir.path)/show.txt'\n")
        chmod(dir.path + "/systemctl", 0o755)
        let facts = HostFacts.detect(systemdMarker: marker, unitsArgv: [dir.path + "/systemctl"])
        #expect(facts.systemdRunning)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/runs"), "systemctl ran while detecting the host")
        #expect(facts.pgdgUnits == PgdgUnits.parse(Self.show))
        #expect(facts.pgdgUnits?["postgresql-16"] == "/var/lib/pgsql/16/data/")
        #expect(try String(contentsOfFile: dir.path + "/runs", encoding: .utf8) == "ran\n")

        let noSystemd = HostFacts.detect(systemdMarker: dir.path + "/absent", unitsArgv: [dir.path + "/systemctl"])
        #expect(!noSystemd.systemdRunning)
        #expect(noSystemd.pgdgUnits == nil)
        #expect(try String(contentsOfFile: dir.path + "/runs", encoding: .utf8) == "ran\n")
    }
}
