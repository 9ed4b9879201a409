// swift-tools-version:6.0
import PackageDescription

// Static ncurses keeps the shipped binary free of a libncursesw version
// dependency on the database server; set STANDBY_WIZARD_STATIC_NCURSES=1
// for release builds (see README, "Copying the binary to a server").
let staticNcurses = Context.environment["STANDBY_WIZARD_STATIC_NCURSES"] == "1"
let ncursesLink: [LinkerSetting] = staticNcurses
    ? [.unsafeFlags(["-Xlinker", "-l:libncursesw.a", "-Xlinker", "-l:libtinfo.a"])]
    : [.linkedLibrary("ncursesw"), .linkedLibrary("tinfo")]

let package = Package(
    name: "standby-wizard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "standby-wizard", targets: ["standby-wizard"]),
        .executable(name: "standby-bench", targets: ["standby-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The few ncurses macros, globals and libc calls Swift cannot import.
        .target(
            name: "CNcursesShim",
            linkerSettings: ncursesLink
        ),
        // Pseudo-terminal and spawn calls glibc hides behind _GNU_SOURCE.
        .target(name: "CPty"),
        // memmem, which glibc also hides behind _GNU_SOURCE.
        .target(name: "CByteSearch"),
        // Everything a test wants to check, with no terminal code.
        .target(
            name: "StandbyCore",
            dependencies: ["CPty", "CByteSearch", .product(name: "Yams", package: "Yams")]
        ),
        // state -> view -> draw, into a Screen (ncurses or in-memory).
        .target(
            name: "StandbyTUI",
            dependencies: ["StandbyCore", "CNcursesShim"]
        ),
        .executableTarget(
            name: "standby-wizard",
            dependencies: [
                "StandbyCore", "StandbyTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The benchmark's baseline for the output pane (a plain C loop that
        // reads a command's pseudo-terminal into nothing) and copy_file_range.
        .target(name: "CBench"),
        // `swift run -c release standby-bench`: the wizard's own parts against
        // the plain tools (dialog, grep, diff, a C reader); no test code.
        .executableTarget(
            name: "standby-bench",
            dependencies: ["StandbyCore", "StandbyTUI", "CPty", "CBench", "CByteSearch"]
        ),
        // Throwaway PostgreSQL clusters and child processes for tests.
        .target(name: "TestSupport", dependencies: ["StandbyCore"], path: "Tests/TestSupport"),
        .testTarget(
            name: "StandbyCoreTests",
            dependencies: ["StandbyCore", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "StandbyTUITests",
            dependencies: ["StandbyTUI", "StandbyCore", "TestSupport", "standby-wizard"],
            exclude: ["Goldens", "TwoHosts"]
        ),
    ]
)
