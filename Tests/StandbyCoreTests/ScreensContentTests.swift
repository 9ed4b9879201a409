import Testing
@testable import StandbyCore

/// House rules for the shipped screens/ that the loader does not enforce:
/// they keep the procedure readable on an 80x24 console and correct on
/// every supported version.
@Suite("Shipped screens content")
struct ScreensContentTests {
    static let screens = ScreenLoader.load(directory: TestPaths.screens).screens

    /// The step list of an 80-column screen shows 20 columns of a title
    /// beside its mark and host letter.
    static let stepListTitleWidth = 20
    /// The text pane of an 80x24 screen.
    static let textColumns = 54
    static let textLines = 14

    @Test func titlesFitTheStepList() {
        for screen in Self.screens {
            #expect(screen.title.count <= Self.stepListTitleWidth, "\(screen.id): \(screen.title)")
        }
    }

    @Test func textsFitTheTextPane() {
        for screen in Self.screens {
            let lines = screen.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count <= Self.textLines, "\(screen.id) has \(lines.count) lines")
            for line in lines + screen.help.split(separator: "\n") {
                #expect(line.count <= Self.textColumns, "\(screen.id): \(line)")
            }
        }
    }

    /// pg_basebackup's checkpoint request starts a checkpoint at once in
    /// both modes ("spread" only paces it), and a 9.5 slot made before the
    /// copy holds no WAL until the standby connects: no text may say
    /// otherwise.
    @Test func checkpointAndNineFiveSlotTextsSayWhatTheServerDoes() {
        let copy = Self.screens.first { $0.id == "secondary-base-backup" }
        #expect(copy?.text.contains("starts at once") == true)
        #expect(copy?.text.contains("checkpoint_completion_target") == true)
        let form = VariableCatalog.inputs.first { $0.name == "BASEBACKUP_CHECKPOINT" }?.help ?? ""
        #expect(form.contains("starts a checkpoint at once") && form.contains("checkpoint_completion_target"), "\(form)")
        for screen in Self.screens {
            let all = (screen.text + screen.help + form).lowercased()
            #expect(!all.contains("next regular") && !all.contains("waits for its next"), "\(screen.id)")
        }
        let slot = Self.screens.first { $0.id == "primary-slot" }?.text ?? ""
        #expect(!slot.contains("copy brings") && slot.contains("On 9.5 it holds none"), "\(slot)")
    }

    /// The Linux console font has no curly quotes, arrows or check marks.
    @Test func everythingShownIsPlainASCII() {
        for screen in Self.screens {
            for shown in [screen.title, screen.text, screen.help] {
                #expect(shown.unicodeScalars.allSatisfy { $0.isASCII }, "\(screen.id)")
            }
        }
    }

    @Test func everyInputIsAskedExactlyOnce() {
        let asked = Self.screens.flatMap { screen -> [String] in
            if case .form(let form) = screen.action { return form.fields }
            return []
        }
        #expect(asked.sorted() == VariableCatalog.inputs.map(\.name).filter { !VariableCatalog.answersOnly.contains($0) }.sorted())
    }

    /// The recovery and WAL-retention steps exist in per-version variants;
    /// every supported version must see exactly one of each, in every mode
    /// and for every way of keeping WAL.
    @Test(arguments: PostgresMajor.supported)
    func eachVersionSeesOneVariantOfEachVersionedStep(version: PostgresMajor) {
        for mode in WizardMode.allCases {
            for retention in ["slot", "keep", "archive"] {
                let context = ConditionContext(version: version, mode: mode, layout: .debian, choices: ["WAL_RETENTION": retention])
                let visible = Self.screens.filter { $0.condition.matches(context) }
                let what = "\(version) \(mode) \(retention)"
                let conninfo = visible.filter { isRecoveryEdit($0) && settingNames($0).contains("primary_conninfo") }
                #expect(conninfo.count == 1, "\(what)")
                let primarySide = mode == .rebuild ? 0 : 1
                let walKeep = visible.filter { $0.id.hasPrefix("primary-wal-keep") }
                #expect(walKeep.count == (retention == "slot" ? 0 : primarySide), "\(what)")
                let slotSettings = visible.filter { $0.id.hasPrefix("primary-slot-settings") || $0.id == "primary-slot-limit" }
                let slotMade = visible.filter { $0.id.hasPrefix("primary-slot") && !slotSettings.contains($0) }
                #expect(slotSettings.count == (retention == "slot" ? primarySide : 0), "\(what)")
                #expect(slotMade.count == (retention == "slot" ? primarySide : 0), "\(what)")
                #expect(visible.contains { $0.id == "secondary-slot" } == (retention == "slot"), "\(what)")
                #expect(visible.contains { $0.id == "secondary-restore" } == (retention == "archive"), "\(what)")
            }
        }
    }

    /// Before 12 the standby must also be told to follow a new timeline:
    /// those versions stay on the copy's timeline by default.
    @Test func recoveryFileBeforeTwelveAsksForStandbyModeAndTheLatestTimeline() throws {
        let old = try #require(Self.screens.first { $0.condition.matches(
            ConditionContext(version: PostgresMajor(11), mode: .full, layout: nil)) && isRecoveryEdit($0) })
        let new = try #require(Self.screens.first { $0.condition.matches(
            ConditionContext(version: PostgresMajor(12), mode: .full, layout: nil)) && isRecoveryEdit($0) })
        #expect(settingNames(old) == ["standby_mode", "primary_conninfo", "recovery_target_timeline"])
        #expect(settingNames(new) == ["primary_conninfo"])
    }

    /// Version-specific spellings come from derived variables, never from
    /// a screen.
    @Test func noVersionSpecificSpellingInCommands() {
        for screen in Self.screens {
            guard case .command(let command) = screen.action, case .shell(let line) = command.spec else { continue }
            for spelling in ["--xlog-method", "--wal-method", "-X ", "/9.", "/1"] {
                #expect(!line.contains(spelling), "\(screen.id): \(line)")
            }
        }
        let walLevel = Self.screens.compactMap { screen -> String? in
            guard case .edit(let edit) = screen.action else { return nil }
            return edit.settings.first { $0.name == "wal_level" }?.value
        }
        #expect(walLevel == ["$WAL_LEVEL"])
    }

    /// Moving a data directory is the one step that can lose data; it must
    /// ask first and only ever touch the standby.
    @Test func onlyTheStandbyDataMoveIsDestructive() {
        let destructive = Self.screens.filter {
            if case .command(let command) = $0.action { return command.destructive }
            return false
        }
        #expect(destructive.map(\.id) == ["secondary-set-aside"])
        #expect(destructive.allSatisfy { $0.host == .secondary })
    }

    @Test func stepsRunInProcedureOrder() {
        let order = Self.screens.map(\.id)
        let milestones = ["primary-host", "primary-role", "primary-restart", "secondary-stop",
                          "secondary-set-aside", "secondary-base-backup", "secondary-start",
                          "secondary-streaming", "verify"]
        let positions = milestones.compactMap { order.firstIndex(of: $0) }
        #expect(positions.count == milestones.count)
        #expect(positions == positions.sorted())
    }

    private func isRecoveryEdit(_ screen: ScreenDefinition) -> Bool {
        if case .edit(let edit) = screen.action { return edit.file == .recoverySettings }
        return false
    }

    private func settingNames(_ screen: ScreenDefinition) -> [String] {
        if case .edit(let edit) = screen.action { return edit.settings.map(\.name) }
        return []
    }
}
