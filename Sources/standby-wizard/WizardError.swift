/// A failure the operator can act on: printed as `Error: <message>` without
/// the usage text (which is for mistakes in the command line itself).
struct WizardError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
