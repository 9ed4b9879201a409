import Testing
@testable import StandbyCore

/// Each boundary is pinned from both sides, so moving one row's value by a
/// version fails here.
struct VersionFactsTests {
    private func facts(_ version: String) throws -> VersionFacts {
        let major = try #require(PostgresMajor(version))
        return try #require(VersionFacts.facts(for: major))
    }

    @Test func everySupportedMajorHasExactlyOneRowInOrder() {
        #expect(VersionFacts.table.map(\.major) == PostgresMajor.supported)
    }

    @Test func unsupportedMajorsHaveNoFacts() {
        #expect(VersionFacts.facts(for: PostgresMajor(9, 4)) == nil)
        #expect(VersionFacts.facts(for: PostgresMajor(19)) == nil)
    }

    @Test(arguments: [("9.5", "hot_standby"), ("9.6", "replica"), ("10", "replica"), ("18", "replica")])
    func walLevelToSet(version: String, expected: String) throws {
        #expect(try facts(version).walLevel == expected)
    }

    @Test(arguments: [("9.5", "minimal"), ("9.6", "minimal"), ("10", "replica"), ("17", "replica")])
    func walLevelDefault(version: String, expected: String) throws {
        #expect(try facts(version).walLevelDefault == expected)
    }

    @Test(arguments: [("9.5", 0), ("9.6", 0), ("10", 10), ("18", 10)])
    func maxWalSendersDefault(version: String, expected: Int) throws {
        #expect(try facts(version).maxWalSendersDefault == expected)
    }

    @Test(arguments: [("9.5", false), ("9.6", false), ("10", true), ("16", true)])
    func hotStandbyDefault(version: String, expected: Bool) throws {
        #expect(try facts(version).hotStandbyDefault == expected)
    }

    @Test(arguments: [("9.5", RecoveryConfigForm.recoveryConf), ("11", .recoveryConf),
                      ("12", .standbySignal), ("18", .standbySignal)])
    func recoveryConfiguration(version: String, expected: RecoveryConfigForm) throws {
        #expect(try facts(version).recoveryConfig == expected)
    }

    @Test func recoveryConfigFileNames() {
        #expect(RecoveryConfigForm.recoveryConf.rawValue == "recovery.conf")
        #expect(RecoveryConfigForm.standbySignal.rawValue == "standby.signal")
    }

    @Test(arguments: [("9.5", "--xlog-method=stream"), ("9.6", "--xlog-method=stream"),
                      ("10", "--wal-method=stream"), ("18", "--wal-method=stream")])
    func basebackupWalFlag(version: String, expected: String) throws {
        #expect(try facts(version).basebackupWalFlag == expected)
    }

    @Test(arguments: [("9.5", "wal_keep_segments"), ("12", "wal_keep_segments"),
                      ("13", "wal_keep_size"), ("18", "wal_keep_size")])
    func walKeepSetting(version: String, expected: String) throws {
        #expect(try facts(version).walKeepSetting == expected)
    }

    @Test(arguments: [("9.5", false), ("12", false), ("13", true), ("18", true)])
    func maxSlotWalKeepSize(version: String, expected: Bool) throws {
        #expect(try facts(version).hasMaxSlotWalKeepSize == expected)
    }

    @Test(arguments: [("9.5", "md5", "md5"), ("13", "md5", "md5"),
                      ("14", "scram-sha-256", "scram-sha-256"), ("18", "scram-sha-256", "scram-sha-256")])
    func passwordEncryptionAndHbaMethod(version: String, encryption: String, method: String) throws {
        let row = try facts(version)
        #expect(row.passwordEncryptionDefault == encryption)
        #expect(row.hbaAuthMethod == method)
    }

    @Test(arguments: [("9.5", SettingActivation.restart), ("12", .restart), ("13", .reload), ("18", .reload)])
    func primaryConninfoChange(version: String, expected: SettingActivation) throws {
        #expect(try facts(version).primaryConninfoChange == expected)
    }

    @Test(arguments: [("9.5", "pg_xlog", "pg_log"), ("9.6", "pg_xlog", "pg_log"),
                      ("10", "pg_wal", "log"), ("18", "pg_wal", "log")])
    func directoryNames(version: String, wal: String, log: String) throws {
        let row = try facts(version)
        #expect(row.walDirectory == wal)
        #expect(row.collectorLogDirectory == log)
    }

    @Test(arguments: [("9.5", false, false), ("9.6", false, false), ("10", true, true), ("18", true, true)])
    func passfileAndHbaFileRules(version: String, passfile: Bool, hbaRules: Bool) throws {
        let row = try facts(version)
        #expect(row.conninfoPassfile == passfile)
        #expect(row.hasHbaFileRules == hbaRules)
    }

    @Test(arguments: [("9.5", false, false), ("9.6", true, false), ("10", true, false),
                      ("11", true, true), ("18", true, true)])
    func basebackupSlotOptions(version: String, slot: Bool, createSlot: Bool) throws {
        let row = try facts(version)
        #expect(row.basebackupSlot == slot)
        #expect(row.basebackupCreateSlot == createSlot)
    }

    @Test(arguments: [("9.5", "trigger_file"), ("11", "trigger_file"), ("12", "promote_trigger_file"),
                      ("15", "promote_trigger_file"), ("16", nil), ("18", nil)] as [(String, String?)])
    func promoteTrigger(version: String, expected: String?) throws {
        #expect(try facts(version).promoteTriggerSetting == expected)
    }

    /// The file-trigger name follows the recovery form: trigger_file only
    /// exists where recovery.conf does.
    @Test func triggerFileOnlyWithRecoveryConf() {
        for row in VersionFacts.table where row.promoteTriggerSetting == "trigger_file" {
            #expect(row.recoveryConfig == .recoveryConf, "\(row.major)")
        }
    }
}
