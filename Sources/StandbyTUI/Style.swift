/// What a cell means, not how it looks. Each backend maps roles to what the
/// terminal can do: colour pairs, or bold and reverse video on monochrome,
/// so that meaning survives TERM=vt100 and NO_COLOR.
public enum Style: String, CaseIterable, Sendable {
    case normal
    case border
    case header
    case title
    case dim
    case stepCurrent
    case stepDone
    case stepSkipped
    case badge
    case label
    case input
    case inputFocus
    case error
    case ok
    case button
    case buttonFocus
    case hintKey
    case hint
    case code
    case warning
    /// Diff lines: added and removed text, and the @@ hunk headers.
    case diffAdded
    case diffRemoved
    case diffHunk
}
