extension Walkthrough {
    /// The steps built into the binary (screens/ as it was at build time),
    /// compiled to values: nothing is parsed.
    public static var builtIn: Walkthrough { Walkthrough(screens: CompiledScreens.screens) }
}
