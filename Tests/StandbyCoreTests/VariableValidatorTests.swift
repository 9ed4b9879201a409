import Testing
@testable import StandbyCore

private let empty = Answers()

private func reason(_ name: String, _ value: String, _ answers: Answers = Answers()) -> String? {
    VariableValidator.check(name, value: value, answers: answers).reason
}

struct HostAddressValidatorTests {
    @Test(arguments: [
        "192.0.2.10", "10.0.0.1", "255.255.255.255", "127.0.0.1", "0.1.2.3",
        "2001:db8::1", "::1", "fe80::1", "2001:0db8:0000:0000:0000:0000:0000:0001", "::ffff:192.0.2.1",
        "db1", "db-primary.example.com", "DB1.Example.COM", "a", "x1.y2", "123abc.example.org", "localhost",
    ])
    func accepts(value: String) {
        #expect(reason("PRIMARY_PG_IP", value) == nil)
    }

    @Test(arguments: [
        ("", "enter an IP address or host name"),
        (" 10.0.0.1", "no spaces allowed"),
        ("10.0.0.1\t", "no spaces allowed"),
        ("db 1", "no spaces allowed"),
        ("0.0.0.0", "0.0.0.0 is not a host's address"),
        ("::", ":: is not a host's address"),
        ("0:0:0:0:0:0:0:0", ":: is not a host's address"),
        ("256.1.1.1", "IPv4 is four numbers 0-255, e.g. 192.0.2.10"),
        ("10.0.0", "IPv4 is four numbers 0-255, e.g. 192.0.2.10"),
        ("10.0.0.1.5", "IPv4 is four numbers 0-255, e.g. 192.0.2.10"),
        ("10..0.1", "IPv4 is four numbers 0-255, e.g. 192.0.2.10"),
        ("1234.1.1.1", "IPv4 is four numbers 0-255, e.g. 192.0.2.10"),
        ("010.0.0.1", "leading zeros are ambiguous (octal?)"),
        ("10.0.0.01", "leading zeros are ambiguous (octal?)"),
        ("[2001:db8::1]", "write the IPv6 address without [ ]"),
        ("fe80::1%eth0", "zone ids such as %eth0 are not allowed"),
        ("10.0.0.0/24", "one address only, without a /prefix length"),
        ("2001:db8::/64", "one address only, without a /prefix length"),
        ("2001:db8:::1", "not a valid IPv6 address"),
        ("2001:db8::g", "not a valid IPv6 address"),
        ("1:2:3:4:5:6:7:8:9", "not a valid IPv6 address"),
        ("db_1.example.com", "host names use letters, digits, - and . only"),
        ("dé.example.com", "host names use letters, digits, - and . only"),
        ("-db.example.com", "a host name part cannot start or end with -"),
        ("db-.example.com", "a host name part cannot start or end with -"),
        ("db..example.com", "empty part in host name (two dots?)"),
        (".example.com", "empty part in host name (two dots?)"),
        ("db.example.com.", "remove the trailing dot"),
        ("host.123", "the last part of a host name cannot be all digits"),
        ("0x7f.1", "the last part of a host name cannot be all digits"),
        (String(repeating: "a", count: 64) + ".com", "a host name part has at most 63 characters"),
        (Array(repeating: String(repeating: "a", count: 50), count: 6).joined(separator: "."),
         "a host name has at most 253 characters"),
    ])
    func refuses(value: String, expected: String) {
        #expect(reason("SECONDARY_PG_IP", value) == expected)
    }

    @Test func labelOf63AndNameOf253AreAccepted() {
        let label63 = String(repeating: "a", count: 63)
        #expect(reason("PRIMARY_PG_IP", label63 + ".com") == nil)
        let name253 = [label63, label63, label63, String(repeating: "b", count: 61)].joined(separator: ".")
        #expect(name253.count == 253)
        #expect(reason("PRIMARY_PG_IP", name253) == nil)
    }

    @Test func sameAddressAndPortAsPrimaryIsRefused() {
        let answers = Answers(["PRIMARY_PG_IP": "10.0.0.5", "PRIMARY_PG_PORT": "5432", "SECONDARY_PG_PORT": "5432"])
        #expect(reason("SECONDARY_PG_IP", "10.0.0.5", answers) == "same address and port as the primary")
        #expect(reason("SECONDARY_PG_IP", "10.0.0.6", answers) == nil)
    }

    @Test func sameAddressWithDifferentPortsIsALab() {
        let answers = Answers(["PRIMARY_PG_IP": "127.0.0.1", "PRIMARY_PG_PORT": "5432", "SECONDARY_PG_PORT": "5433"])
        #expect(reason("SECONDARY_PG_IP", "127.0.0.1", answers) == nil)
        let clash = Answers(["PRIMARY_PG_IP": "127.0.0.1", "PRIMARY_PG_PORT": "5432", "SECONDARY_PG_IP": "127.0.0.1"])
        #expect(reason("SECONDARY_PG_PORT", "5432", clash) == "same port as the primary on the same address")
        #expect(reason("SECONDARY_PG_PORT", "5433", clash) == nil)
    }

    @Test func samenessIgnoresSpellingOfTheAddress() {
        let v6 = Answers(["PRIMARY_PG_IP": "2001:db8::1"])
        #expect(reason("SECONDARY_PG_IP", "2001:0DB8:0:0::0001", v6) == "same address and port as the primary")
        let name = Answers(["PRIMARY_PG_IP": "DB1.example.com"])
        #expect(reason("SECONDARY_PG_IP", "db1.EXAMPLE.com", name) == "same address and port as the primary")
    }

    @Test func unansweredPortsCountAsTheirDefault() {
        let answers = Answers(["PRIMARY_PG_IP": "10.0.0.5"])
        #expect(reason("SECONDARY_PG_IP", "10.0.0.5", answers) == "same address and port as the primary")
    }

    @Test func primaryFieldsAreNotCrossChecked() {
        let answers = Answers(["SECONDARY_PG_IP": "10.0.0.5"])
        #expect(reason("PRIMARY_PG_IP", "10.0.0.5", answers) == nil)
    }
}

struct PortValidatorTests {
    @Test(arguments: ["1", "22", "5432", "5433", "65535"])
    func accepts(value: String) {
        #expect(reason("PRIMARY_PG_PORT", value) == nil)
    }

    @Test(arguments: [
        ("", "enter a port number"), ("0", "port must be 1 to 65535"), ("65536", "port must be 1 to 65535"),
        ("99999999999999999999999", "port must be 1 to 65535"), ("-1", "digits only"), ("54 32", "digits only"),
        ("5432 ", "digits only"), ("+5432", "digits only"), ("5e3", "digits only"), ("٥٤٣٢", "digits only"),
        ("05432", "no leading zeros"),
    ])
    func refuses(value: String, expected: String) {
        #expect(reason("SECONDARY_PG_PORT", value) == expected)
    }
}

struct RoleNameValidatorTests {
    @Test(arguments: ["replicator", "rep_user", "_rep", "r", "repl2", "standby_1", "authorization", "role",
                      "password", "replica", String(repeating: "r", count: 63)])
    func accepts(value: String) {
        #expect(reason("REP_USER", value) == nil)
    }

    @Test(arguments: [
        ("", "enter a role name"),
        ("Replicator", "upper case would need quoting; use lower case"),
        ("REP", "upper case would need quoting; use lower case"),
        ("1rep", "must not start with a digit"),
        ("rep user", "spaces are not allowed"),
        (" rep", "spaces are not allowed"),
        ("rep-user", "use only a-z, 0-9 and _"),
        ("rep$", "use only a-z, 0-9 and _"),
        ("rep\"x", "use only a-z, 0-9 and _"),
        ("rép", "use only a-z, 0-9 and _"),
        ("rep:1", "use only a-z, 0-9 and _"),
        (String(repeating: "r", count: 64), "at most 63 characters"),
        ("pg_replicator", "names starting with pg_ are reserved by PostgreSQL"),
        ("public", "\"public\" is reserved by PostgreSQL"),
        ("none", "\"none\" is reserved by PostgreSQL"),
        ("current_user", "\"current_user\" is reserved by PostgreSQL"),
        ("session_user", "\"session_user\" is reserved by PostgreSQL"),
        ("current_role", "\"current_role\" is reserved by PostgreSQL"),
        ("all", "\"all\" is a keyword in pg_hba.conf"),
        ("replication", "\"replication\" is a keyword in pg_hba.conf"),
        ("samerole", "\"samerole\" is a keyword in pg_hba.conf"),
        ("samegroup", "\"samegroup\" is a keyword in pg_hba.conf"),
        ("sameuser", "\"sameuser\" is a keyword in pg_hba.conf"),
        ("user", "\"user\" is an SQL reserved word"),
        ("select", "\"select\" is an SQL reserved word"),
        ("postgres", "use a separate role, not the superuser postgres"),
    ])
    func refuses(value: String, expected: String) {
        #expect(reason("REP_USER", value) == expected)
    }
}

struct PasswordValidatorTests {
    @Test(arguments: ["s3cret", "with space", "it's", "quote\"d", "back\\slash", "colon:s", "ünïcödé",
                      "日本語のパスワード", " leading and trailing ", "%f$HOME`x`", String(repeating: "x", count: 99)])
    func accepts(value: String) {
        #expect(reason("REP_USER_PW", value) == nil)
    }

    @Test(arguments: [
        ("", "enter a password"),
        ("line\nbreak", "no control characters (tab, newline and such)"),
        ("tab\there", "no control characters (tab, newline and such)"),
        ("cr\r", "no control characters (tab, newline and such)"),
        ("del\u{7F}", "no control characters (tab, newline and such)"),
        ("nul\u{0}", "no control characters (tab, newline and such)"),
        ("c1\u{85}", "no control characters (tab, newline and such)"),
        (String(repeating: "x", count: 100), "too long: older createuser -P reads only 99 bytes"),
        (String(repeating: "é", count: 50), "too long: older createuser -P reads only 99 bytes"),
    ])
    func refuses(value: String, expected: String) {
        #expect(reason("REP_USER_PW", value) == expected)
    }

    @Test func confirmationMustMatchByteForByte() {
        #expect(VariableValidator.checkConfirmation(password: "abc", confirmation: "abc") == .valid)
        #expect(VariableValidator.checkConfirmation(password: "abc", confirmation: "abd")
            == .invalid("the two entries differ"))
        #expect(VariableValidator.checkConfirmation(password: "abc", confirmation: "abc ")
            == .invalid("the two entries differ"))
        // Equal as Swift Strings, different bytes for PostgreSQL.
        #expect("\u{E9}" == "e\u{301}")
        #expect(VariableValidator.checkConfirmation(password: "caf\u{E9}", confirmation: "cafe\u{301}")
            == .invalid("the two entries differ"))
    }
}

struct AbsolutePathValidatorTests {
    @Test(arguments: ["/var/lib/postgresql/wal-archive", "/srv/wal archive", "/a", "/archive/", "/it's/100%",
                      "/data/..hidden", "/data/.x"])
    func accepts(value: String) {
        #expect(reason("REP_ARCHIVE", value) == nil)
    }

    @Test(arguments: [
        ("", "enter an absolute path"),
        ("/", "/ itself cannot be used"),
        ("//", "/ itself cannot be used"),
        ("relative/dir", "must be an absolute path, starting with /"),
        ("~/archive", "must be an absolute path, starting with /"),
        (" /archive", "must be an absolute path, starting with /"),
        ("/var/../etc", "no . or .. in the path"),
        ("/var/./archive", "no . or .. in the path"),
        ("/archive/..", "no . or .. in the path"),
        ("/arch\nive", "no control characters (newline, tab and such)"),
        ("/arch\u{0}ive", "no control characters (newline, tab and such)"),
        ("/arch\tive", "no control characters (newline, tab and such)"),
    ])
    func refuses(value: String, expected: String) {
        #expect(reason("REP_ARCHIVE", value) == expected)
    }
}

struct MajorVersionValidatorTests {
    @Test(arguments: ["9.5", "9.6", "10", "11", "12", "13", "14", "15", "16", "17", "18"])
    func acceptsEverySupportedMajor(value: String) {
        #expect(reason("PRIMARY_PG_VERSION", value) == nil)
    }

    @Test(arguments: [
        ("", "enter the major version, e.g. 15"),
        ("15.4", "give the major version only, e.g. 15"),
        ("9.5.25", "give the major version only, e.g. 15"),
        ("9.4", "supported versions: 9.5, 9.6 or 10 to 18"),
        ("19", "supported versions: 9.5, 9.6 or 10 to 18"),
        ("8.4", "supported versions: 9.5, 9.6 or 10 to 18"),
        ("9", "not a version; use 9.5, 9.6 or 10 to 18"),
        ("fifteen", "not a version; use 9.5, 9.6 or 10 to 18"),
        ("v15", "not a version; use 9.5, 9.6 or 10 to 18"),
        (" 15", "not a version; use 9.5, 9.6 or 10 to 18"),
        ("15.", "not a version; use 9.5, 9.6 or 10 to 18"),
        ("015", "write it as 15"),
        ("9.05", "write it as 9.5"),
    ])
    func refuses(value: String, expected: String) {
        #expect(reason("PRIMARY_PG_VERSION", value) == expected)
    }

    @Test func secondaryMustMatchPrimary() {
        let answers = Answers(["PRIMARY_PG_VERSION": "15"])
        #expect(reason("SECONDARY_PG_VERSION", "15", answers) == nil)
        #expect(reason("SECONDARY_PG_VERSION", "16", answers) == "must match the primary's version (15)")
        let old = Answers(["PRIMARY_PG_VERSION": "9.6"])
        #expect(reason("SECONDARY_PG_VERSION", "9.5", old) == "must match the primary's version (9.6)")
    }

    @Test func secondaryIsNotBlamedForAMissingOrBadPrimary() {
        #expect(reason("SECONDARY_PG_VERSION", "16") == nil)
        #expect(reason("SECONDARY_PG_VERSION", "16", Answers(["PRIMARY_PG_VERSION": "15.2"])) == nil)
    }
}

struct ClusterValidatorTests {
    @Test(arguments: ["main", "Main", "prod_2", "15-main", "my.cluster", "a", String(repeating: "c", count: 64),
                      "/var/lib/pgsql/16/data", "/srv/pg data"])
    func accepts(value: String) {
        #expect(reason("PRIMARY_PG_CLUSTER", value) == nil)
    }

    @Test(arguments: [
        ("", "enter a cluster name (main) or a data directory"),
        ("-main", "a cluster name cannot start with - or ."),
        (".main", "a cluster name cannot start with - or ."),
        ("main/x", "a name has no /; a path must start with /"),
        ("ma in", "cluster names use letters, digits, _ . and - only"),
        ("mäin", "cluster names use letters, digits, _ . and - only"),
        (String(repeating: "c", count: 65), "a cluster name has at most 64 characters"),
        ("/", "/ itself cannot be used"),
        ("/var/lib/../data", "no . or .. in the path"),
    ])
    func refuses(value: String, expected: String) {
        #expect(reason("SECONDARY_PG_CLUSTER", value) == expected)
    }
}

struct VariableValidatorGeneralTests {
    @Test func unknownNameIsRefused() {
        #expect(VariableValidator.check("NOT_A_VARIABLE", value: "x", answers: empty) == .invalid("unknown variable"))
        #expect(VariableValidator.check("WAL_LEVEL", value: "replica", answers: empty) == .invalid("unknown variable"))
    }

    @Test func everyInputAcceptsItsDefault() {
        for spec in VariableCatalog.inputs {
            guard let value = spec.defaultValue else { continue }
            #expect(VariableValidator.check(spec.name, value: value, answers: empty) == .valid, "\(spec.name)")
        }
    }

    /// Reasons are shown next to the field on an 80-column screen.
    @Test func everyReasonFitsBesideAField() {
        let samples = ["", " ", "/", "..", "x\ny", String(repeating: "Z", count: 300), "0.0.0.0", "::", "15.4",
                       "pg_x", "010.1.1.1", "[::1]", "a%b", "-x", "19", "public", "all", "postgres", "9"]
        for spec in VariableCatalog.inputs {
            for sample in samples {
                if let reason = VariableValidator.check(spec.name, value: sample, answers: empty).reason {
                    #expect(reason.count <= 60, "\(spec.name): \(reason)")
                }
            }
        }
    }

    @Test func walRetentionIsOneOfItsWords() {
        for word in ["slot", "keep", "archive"] {
            #expect(VariableValidator.check("WAL_RETENTION", value: word, answers: Answers([:])) == .valid)
        }
        #expect(VariableValidator.check("WAL_RETENTION", value: "Slot", answers: Answers([:]))
                == .invalid("type one of: slot, keep, archive"))
    }
}
