import StandbyCore

/// The step pane of a running log gate: which file, how long it still
/// waits, which signs have shown, and on failure what went wrong and what
/// the operator can do. Pure: the app passes what the gate knows.
struct GateView {
    var location: LogLocation
    var expect: [GateSignal]
    var seen: [GateSignal]
    var verdict: GateVerdict
    /// Titles of steps by id, so "go back" names a step the operator saw.
    var stepTitles: [String: String] = [:]

    func lines(width: Int) -> [PaneLine] {
        var lines = PaneLine.wrapped(location.reason, width: width, style: .dim)
        lines.append(.blank)
        switch verdict {
        case .waiting(let remaining):
            lines.append(PaneLine("Waiting \(remaining) s more for:", .label))
        case .passed:
            lines.append(PaneLine("The log shows the step worked:", .ok))
        case .failed:
            lines.append(PaneLine("Still missing or gone wrong:", .error))
        }
        for signal in expect {
            let done = seen.contains(signal)
            lines.append(PaneLine([.init(text: done ? "  [x] " : "  [ ] ", style: done ? .ok : .normal),
                                   .init(text: GateSignals.wording(of: signal).truncated(to: width - 6), style: .code)]))
        }
        if case .failed(let diagnoses) = verdict {
            for diagnosis in diagnoses { appendDiagnosis(diagnosis, to: &lines, width: width) }
            lines.append(.blank)
            appendKeys(diagnoses, to: &lines, width: width)
        }
        return lines
    }

    private func appendDiagnosis(_ diagnosis: Diagnosis, to lines: inout [PaneLine], width: Int) {
        lines.append(.blank)
        lines += PaneLine.wrapped(diagnosis.explanation, width: width, style: .warning)
        if let step = diagnosis.backTo.first {
            lines.append(PaneLine("Go back to: \(title(of: step))".truncated(to: width), .label))
        }
        // Wrapped, not cut: the reason is often at the end of a long line
        // (libpq's text after "could not connect to the primary server").
        // Bounded, since the whole region is one key away.
        let rows = diagnosis.lines.suffix(4).flatMap {
            TextWrap.wrap($0.replacingOccurrences(of: "\t", with: " "), width: width - 2)
        }
        for row in rows.prefix(8) { lines.append(PaneLine("  " + row, .code)) }
    }

    private func appendKeys(_ diagnoses: [Diagnosis], to lines: inout [PaneLine], width: Int) {
        var keys: [(String, String)] = [("r", "re-check"), ("l", "whole new log")]
        if let step = diagnoses.lazy.compactMap(\.backTo.first).first {
            keys.append(("b", "back to \(title(of: step))"))
        }
        keys.append(("o", "override (type \"\(GateOverride.phrase)\")"))
        var row: [PaneLine.Segment] = []
        var used = 0
        for (key, label) in keys {
            let piece = label + "  "
            if used > 0 && used + key.count + 1 + piece.count > width {
                lines.append(PaneLine(row))
                row = []
                used = 0
            }
            row += [.init(text: key, style: .hintKey), .init(text: " " + piece, style: .hint)]
            used += key.count + 1 + piece.count
        }
        if !row.isEmpty { lines.append(PaneLine(row)) }
    }

    private func title(of step: String) -> String {
        stepTitles[step] ?? step
    }

    /// The "whole new log" view: every line the region gained, cut to width.
    static func region(_ regionLines: [String], dropped: Int, width: Int) -> [PaneLine] {
        var lines: [PaneLine] = []
        if dropped > 0 { lines.append(PaneLine("(\(dropped) earlier lines not kept)", .dim)) }
        if regionLines.isEmpty { lines.append(PaneLine("The log has gained no lines since the step began.", .dim)) }
        for line in regionLines {
            lines.append(PaneLine(line.replacingOccurrences(of: "\t", with: " ").truncated(to: width), .code))
        }
        return lines
    }
}
