import Testing
@testable import StandbyCore

@Suite("File changes: summaries, masks, restart or reload")
struct FileChangeTests {
    @Test func passwordsAreMaskedForDisplay() {
        #expect(SecretMask.passwordFileField.apply(#"db1:5432:replication:r\:x:se:cr\et"#) == #"db1:5432:replication:r\:x:********"#)
        #expect(SecretMask.passwordFileField.apply("# a:b:c:d:e") == "# a:b:c:d:e")
        let line = #"primary_conninfo = 'host=db1 password=''it\\''s'' user=r'  # note"#
        #expect(SecretMask.conninfoPassword.apply(line) == "primary_conninfo = 'host=db1 password=******** user=r'  # note")
        #expect(SecretMask.conninfoPassword.apply("junk password='unterminated") == "junk password=********")
    }

    @Test func theDisplayedDiffHidesThePasswordButShowsTheLineChanges() throws {
        let change = FileChange(path: "/var/lib/postgresql/.pgpass", role: .passwordFile,
                                original: Array("db1:5432:replication:rep:old\n".utf8),
                                proposed: "db1:5432:replication:rep:new\n", mask: .passwordFileField)
        let text = change.displayText()
        #expect(!text.contains("old") && !text.contains("new\n"))
        #expect(text.contains("-db1:5432:replication:rep:********\n+db1:5432:replication:rep:********"))
        #expect(try change.proposedBytes() == Array("db1:5432:replication:rep:new\n".utf8))
    }

    @Test func anEmptyNewFileIsShownAsSuch() {
        let change = FileChange(path: "/d/standby.signal", role: .standbySignal, original: nil, proposed: "")
        #expect(change.createsFile && change.changesSomething)
        #expect(change.displayText() == "--- /dev/null\n+++ /d/standby.signal\n(new empty file)\n")
    }

    @Test func summaries() {
        var summary = EditSummary()
        #expect(summary.description == "no change: already as wanted")
        summary.settingsChanged = 3
        summary.rulesAdded = 1
        #expect(summary.description == "3 settings changed, 1 rule added")
        summary = EditSummary()
        summary.settingsAdded = 1
        summary.filesCreated = 1
        summary.passwordEntries = 1
        #expect(summary.description == "1 setting added, 1 password file entry written, 1 file created")
    }

    @Test(arguments: [
        ("wal_level", "9.5", SettingActivation.restart), ("archive_command", "16", .reload),
        ("primary_conninfo", "12", .restart), ("primary_conninfo", "13", .reload),
        ("primary_slot_name", "9.6", .restart), ("wal_keep_size", "13", .reload),
        ("hot_standby", "18", .restart), ("restore_command", "13", .restart), ("restore_command", "14", .reload),
        ("some_extension.setting", "16", .restart),
    ])
    func restartOrReload(name: String, version: String, activation: SettingActivation) throws {
        #expect(SettingContext.activation(of: name, version: try #require(PostgresMajor(version))) == activation)
    }
}
