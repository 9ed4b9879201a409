import Yams

extension ScreenFileReader {
    /// Every name a screen may refer to: what a form asks plus what is derived
    /// from the answers, and the primary's limits an edit step of the standby
    /// reads from the running primary. Anything else would reach the operator
    /// as a literal `$NAME`, or worse, reach a shell that expands it to nothing.
    static let definedVariables: Set<String> =
        Set(VariableCatalog.inputs.map(\.name)).union(DerivedVariables.names).union(DerivedVariables.hostNames)
            .union(StandbyLimits.variables)

    /// Reports each undefined `$NAME` in a string value on the line it sits
    /// on. Only a literal block (`|`) keeps its lines one to one with the
    /// file; any other style is reported at the value's first line.
    func checkReferences(in text: String, of node: Node, field: String) {
        let literal = node.scalar?.style == .literal
        let firstLine = line(of: node)
        // Split on the bytes: a Character split of every screen's text was
        // a good part of loading the built-in screens.
        for (offset, textLine) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            for name in Template.references(in: String(Substring(textLine))) where !Self.definedVariables.contains(name) {
                report("undefined variable $\(name) in '\(field)' (neither a form input nor a derived value)",
                       line: literal ? firstLine + 1 + offset : firstLine)
            }
        }
    }

    /// A command line is visible to every user of the host through the
    /// process list while it runs, so the password may never be spelled in
    /// one; the runner answers the tool's own prompt instead.
    func forbidPassword(in run: String, of node: Node) {
        guard Template.references(in: run).contains(Answers.passwordName) else { return }
        report("$\(Answers.passwordName) in a command line would appear in the process list; "
               + "the runner supplies the password itself", at: node)
    }
}
