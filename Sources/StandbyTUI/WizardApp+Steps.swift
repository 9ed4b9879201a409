import Foundation
import StandbyCore

/// What the keys of a step do, once the keymap named the action.
extension WizardApp {
    mutating func perform(_ action: AppAction) -> AppOutcome {
        switch action {
        case .proceed:
            send(.proceed)
            if engine.finished { return .quit(.finished) }
            // The question shows the command from its first row.
            if keyContext == .commandConfirming { scroll = 0 }
        case .confirm: send(.confirm)
        case .decline: send(.decline)
        case .cancel: send(.cancel)
        case .retry:
            live.outputScroll = 0
            send(.retry)
        case .recheck: send(.recheck)
        case .undo: send(.undo)
        case .keepEdit: send(.keepEdit)
        case .replan:
            scroll = 0
            send(.replan)
        case .nextFile:
            scroll = 0
            live.diffShift = 0
            send(.nextFile)
        case .skipEdit: send(.skip(typed: CommandDriver.skipWord))
        case .ask(let entry):
            live.entry = entry
            live.field = TextField(entry == .editCommand ? (driver?.command?.plan?.commandLine ?? "") : "")
        case .viewOutput:
            if let path = executor.transcript?.writtenPath { return .external(["less", "+G", path]) }
            message = "No transcript yet: it is written from the first command on."
        case .openEditor:
            return openEditor()
        case .toggleLog:
            live.showLogRegion.toggle()
            scroll = 0
        case .backToCause:
            var target = driver?.gate?.causeSteps.first { id in steps.contains { $0.id == id } }
            if case .refused(_, let backTo?)? = driver?.command?.guardVerdict { target = backTo }
            if let target {
                // The step that puts it right runs again.
                pending += engine.go(to: target, rerun: driver?.command != nil)
                syncStep()
            } else {
                message = "The log names no earlier step to go back to."
            }
        case .back:
            goBack()
        case .quit:
            return requestQuit()
        case .help:
            overlay = .help(scroll: 0)
        case .scrollUp: scroll = max(0, scroll - 1)
        case .scrollDown: scroll += 1
        case .pageUp: scroll = max(0, scroll - pageHeight)
        case .pageDown: scroll += pageHeight
        case .top: scroll = 0
        case .bottom: scroll = Int.max / 2
        case .outputPageUp: live.outputScroll += pageHeight
        case .outputPageDown: live.outputScroll = max(0, live.outputScroll - pageHeight)
        case .typeIntoCommand: break
        case .shiftRight: live.diffShift = min(live.diffShift + Self.shiftStep, diffMaxShift)
        case .shiftLeft: live.diffShift = max(0, live.diffShift - Self.shiftStep)
        case .toggleList:
            live.listToggled.toggle()
            executor.resize(commandSize)
        }
        return .running
    }

    static let shiftStep = 16

    /// How far the diff in view may move sideways.
    var diffMaxShift: Int {
        guard let edit = driver?.edit else { return 0 }
        let diff: UnifiedDiff
        if case .drifted(_, let drifts) = edit.phase, let drift = drifts.first {
            diff = drift.whatChanged
        } else if let plan = edit.shownPlan, !plan.changes.isEmpty {
            diff = plan.changes[min(edit.fileIndex, plan.changes.count - 1)].displayDiff
        } else {
            return 0
        }
        let width = layout.bodyRect.width
        return max(0, DiffView.widestText(diff, width: width) - (width - DiffView.gutter(diff)) + 1)
    }

    /// Keys typed while a command runs go to it (sudo's own password, a
    /// program's question).
    mutating func typeIntoCommand(_ key: Key) {
        guard let id = currentStep?.id else { return }
        switch key {
        case .enter: executor.typeIntoCommand(id, [13])
        case .backspace: executor.typeIntoCommand(id, [127])
        case .character(let ch): executor.typeIntoCommand(id, Array(String(ch).utf8))
        default: break
        }
    }

    /// The one-line entry: a new command line, the word skip, the phrase.
    mutating func handleEntry(_ key: Key) -> AppOutcome {
        guard let entry = live.entry else { return .running }
        switch key {
        case .escape:
            live.entry = nil
            if entry == .typeWord { send(.cancel) }
        case .enter:
            let text = live.field.text
            live.entry = nil
            switch entry {
            case .editCommand: send(.editCommand(text))
            case .confirmSkip: send(.skip(typed: text))
            case .overrideGate: send(.override(typed: text))
            case .typeWord: send(.typedWord(text))
            }
        default:
            _ = live.field.handle(key)
        }
        return .running
    }

    /// The proposal of the file in view, in $EDITOR on this machine.
    private mutating func openEditor() -> AppOutcome {
        guard let edit = driver?.edit, case .proposed(let plan) = edit.phase, edit.fileIndex < plan.changes.count else {
            return .running
        }
        do {
            let path = try HandEdit.prepare(plan.changes[edit.fileIndex])
            live.handEditPath = path
            return .external(HandEdit.editorCommand(for: path, environment: ProcessInfo.processInfo.environment))
        } catch {
            message = "Cannot open an editor: \(error)"
            return .running
        }
    }

    /// Back from $EDITOR: the operator's text becomes the proposal, checked
    /// against what the step wants on the step's host.
    public mutating func externalFinished() {
        guard let path = live.handEditPath, let step = currentStep, let edit = driver?.edit,
              case .proposed(let plan) = edit.phase, edit.fileIndex < plan.changes.count else { return }
        live.handEditPath = nil
        do {
            let text = try HandEdit.finish(path)
            let replaced = try HandEdit.replace(plan.changes[edit.fileIndex].path, with: text, in: plan, step: step,
                                                answers: state.answers, host: executor.hosts.host(for: step.host), now: Date(),
                                                options: executor.editOptions(engine, step: step))
            send(.replacePlan(replaced))
        } catch {
            message = "Your edit was not taken: \(error)"
        }
    }
}
