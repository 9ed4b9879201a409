import Yams

/// `command: {run | service, as, destructive, guard, timeout}`.
enum CommandActionParser {
    static let keys = ["run", "service", "as", "destructive", "guard", "timeout"]

    static func command(_ entry: ScreenFileReader.Entry, reader: ScreenFileReader) -> CommandAction? {
        guard let entries = reader.entries(of: entry.value, allowed: keys, what: "'command'") else { return nil }
        let before = reader.problems.count
        var spec: CommandSpec?
        switch (entries["run"], entries["service"]) {
        case (let run?, nil):
            if let line = reader.string(run) {
                reader.checkReferences(in: line, of: run.value, field: "run")
                reader.forbidPassword(in: line, of: run.value)
                spec = .shell(line)
            }
        case (nil, let service?):
            spec = reader.choice(service, of: ServiceOperation.self).map(CommandSpec.service)
        case (_?, let service?):
            reader.report("'command' has both 'run' and 'service'; give exactly one", at: service.key)
        case (nil, nil):
            reader.report("'command' needs 'run' (a shell line) or 'service' (start, stop, restart, reload)",
                          at: entry.key)
        }
        let runAs: RunAs? =
            if let entry = entries["as"] { reader.choice(entry, of: RunAs.self, label: "user") } else { .root }
        let destructive: Bool? = if let entry = entries["destructive"] { reader.bool(entry) } else { false }
        let guardedBy: CommandGuard? = entries["guard"].flatMap { reader.choice($0, of: CommandGuard.self) }
        let timeout: Int? = entries["timeout"].flatMap { reader.int($0, in: 1...86_400, unit: "seconds") }
        guard reader.problems.count == before, let spec, let runAs, let destructive else { return nil }
        return CommandAction(spec: spec, runAs: runAs, destructive: destructive, guardedBy: guardedBy,
                             timeoutSeconds: timeout)
    }
}
