import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// standby-bench: the wizard's parts against the plain tools an operator
/// could use instead, in one table. Each measurement runs in a process of
/// its own (the bench again, with --child), so peak memory is its alone.
let usage = """
    usage: standby-bench [--quick] [--runs N] [--only ROW[,ROW...]] [--wizard PATH]
      --quick   small sizes, a few seconds in all (what CI runs; it asserts nothing about time)
      --runs N  runs per row, the median is shown (default 9, 3 with --quick)
      --only    rows: first-frame, pane, log-gate, diff, whole-run (root and Debian's PostgreSQL)
      --wizard  the binary whose first frame is timed (default: standby-wizard beside the bench;
                .dev/release-check's static build is what operators copy)
    """

func childMain(_ args: [String]) throws {
    switch args.first {
    case "log-gate": try LogGateBench.child(region: args[1], oldBytes: Int(args[2])!, scratch: args[3])
    case "pane": try PaneIngest.child(file: args[1], scratch: args[2])
    case "pty-reader": try PaneIngest.readerChild(file: args[1])
    case "diff": try DiffBench.child(old: args[1], new: args[2])
    case "screens": try FirstFrame.screensChild()
    default: throw BenchError("unknown child \(args.first ?? "")")
    }
}

func benchMain(_ args: [String]) throws -> Int32 {
    var quick = false
    var runs: Int?
    var only: Set<String>?
    var wizard: String?
    var rest = args[...]
    while let arg = rest.popFirst() {
        switch arg {
        case "--quick": quick = true
        case "--runs":
            guard let n = rest.popFirst().flatMap(Int.init), n > 0 else { throw BenchError("--runs needs a positive number") }
            runs = n
        case "--only":
            guard let list = rest.popFirst() else { throw BenchError("--only needs row names") }
            only = Set(list.split(separator: ",").map(String.init))
        case "--wizard":
            guard let path = rest.popFirst() else { throw BenchError("--wizard needs a path") }
            wizard = path
        case "-h", "--help": print(usage); return 0
        default: throw BenchError("unknown argument \(arg)\n\(usage)")
        }
    }
    let n = runs ?? (quick ? 3 : 9)
    let scratch = try Scratch()
    defer { scratch.remove() }
    let sections: [(String, () throws -> [Row])] = [
        ("first-frame", { try FirstFrame.rows(runs: n, scratch: scratch, wizard: wizard) }),
        ("pane", { try PaneIngest.rows(quick: quick, runs: n, scratch: scratch) }),
        ("log-gate", { try LogGateBench.rows(quick: quick, runs: n, scratch: scratch) }),
        ("diff", { try DiffBench.rows(quick: quick, runs: n, scratch: scratch) }),
        ("whole-run", { try WholeRun.rows(quick: quick, runs: n, scratch: scratch) }),
    ]
    var rows: [Row] = []
    for (name, measure) in sections where only?.contains(name) ?? true {
        if !rows.isEmpty { settle() }
        FileHandle.standardError.write(Data("standby-bench: \(name)...\n".utf8))
        rows += try measure()
    }
    print(Table.render(rows))
    print("")
    print("\(quick ? "--quick" : "full sizes"), N=\(n) runs per row; \(machine())")
    return 0
}

/// What ran it: processor and cores, so a table can be compared.
func machine() -> String {
    let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
        .split(separator: "\n").first { $0.hasPrefix("model name") }
        .map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) } ?? "unknown processor"
    return "\(cpu), \(sysconf(Int32(_SC_NPROCESSORS_ONLN))) cores"
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    if arguments.first == "--child" {
        try childMain(Array(arguments.dropFirst()))
        exit(0)
    }
    exit(try benchMain(arguments))
} catch {
    FileHandle.standardError.write(Data("standby-bench: \(error)\n".utf8))
    exit(2)
}

/// Between sections: what one section wrote (the log gate writes
/// gigabytes) is on disk before the next one times anything.
func settle() {
    sync()
    Thread.sleep(forTimeInterval: 3)
}
