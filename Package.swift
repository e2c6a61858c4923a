// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "campaignchat",
    products: [
        .executable(name: "campaignchat", targets: ["campaignchat"]),
        .library(name: "CampaignChat", targets: ["CampaignChat", "CampaignChatSystem", "CampaignChatSQLite", "CampaignChatStorage"]),
    ],
    targets: [
        // The system SQLite (Debian: libsqlite3-dev). Only the store imports it.
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // libpq, PostgreSQL's client library (Debian: libpq-dev): its declarations only; the
        // PostgreSQL store loads the library when it first connects.
        .systemLibrary(
            name: "CLibPQ",
            path: "Sources/CLibPQ",
            providers: [.apt(["libpq-dev"])]
        ),
        // Linux system calls glibc's Swift module does not show (pidfd_open); header only.
        .systemLibrary(name: "CSystem", path: "Sources/CSystem"),
        // The operating system as Swift types: the wall clock, poll(), SIGINT and SIGTERM as a
        // descriptor, child processes, reading a descriptor, the standard descriptors. The only
        // target besides the engines and the executable that imports the C library.
        .target(name: "CampaignChatSystem", dependencies: ["CSystem"]),
        // The engine-blind, OS-blind core: models, rules, the service and the ChatStore contract.
        // It imports neither Glibc nor Foundation (a test reads its sources to make sure).
        .target(name: "CampaignChat", dependencies: ["CampaignChatSystem"]),
        // The embedded engine: ChatStore on one SQLite file. Only this target touches SQLite's C API.
        .target(name: "CampaignChatSQLite", dependencies: ["CampaignChat", "CampaignChatSystem", "CSQLite"]),
        // The shared engine: ChatStore on a PostgreSQL database. Only this target touches libpq.
        .target(name: "CampaignChatPostgres", dependencies: ["CampaignChat", "CampaignChatSystem", "CLibPQ"]),
        // Turns a location (a file path or a postgresql:// URL) into an open store of its engine.
        .target(name: "CampaignChatStorage", dependencies: ["CampaignChat", "CampaignChatSQLite", "CampaignChatPostgres"]),
        // The command line: the command table, the parser, help, output, completions and the
        // commands, for the two executables below (`package` access, no public API).
        .target(name: "CampaignChatCLI", dependencies: ["CampaignChat", "CampaignChatSystem", "CampaignChatStorage"]),
        // The thin command-line front end. A release build (`swift build -c release`,
        // `swift run -c release`) carries the Swift runtime, libstdc++, libgcc and SQLite inside
        // it (see Sources/StaticLinking), so that at start-up the dynamic loader maps only libc
        // and libm and a run starts as fast as the sqlite3 shell; it stays a dynamic executable
        // (not PIE, exporting nothing) so that it can load libpq when a command uses PostgreSQL.
        // The linker writes the file instead of mapping it: a binary the linker wrote through a
        // mapping sits in the page cache in 4 KiB pages, and every run of it cost 0.3-0.4 ms more
        // (a message send 1.21x sqlite3's instead of 1.09x) until the file was copied.
        // Debug builds and `swift test` keep the shared runtime.
        .executableTarget(
            name: "campaignchat",
            dependencies: ["CampaignChat", "CampaignChatSystem", "CampaignChatCLI"],
            linkerSettings: [
                .unsafeFlags(["-static-stdlib", "-L", Context.packageDirectory + "/Sources/StaticLinking",
                              "-Xclang-linker", "-no-pie", "-Xclang-linker", "-static-libgcc", "-Xlinker", "--no-export-dynamic",
                              "-Xlinker", "--no-mmap-output-file"],
                             .when(platforms: [.linux], configuration: .release)),
            ]
        ),
        // A development tool, not shipped (no product, not installed): prints the man page and
        // the docs' tables that come from code, read from the same command table as the CLI, for
        // completions/generate.sh and the tests. Keeps the generators out of the product binary.
        .executableTarget(name: "campaignchat-docs", dependencies: ["CampaignChat", "CampaignChatCLI"]),
        .testTarget(name: "CampaignChatTests",
                    dependencies: ["CampaignChat", "CampaignChatSystem", "CampaignChatSQLite", "CampaignChatPostgres", "CampaignChatStorage",
                                   "CSQLite"]),
        // End-to-end tests: they run the built `campaignchat` binary (and `campaignchat-docs`) as a
        // subprocess. They do not import it (`swift test` builds every executable anyway), so the
        // release link flags above never reach the test bundle.
        .testTarget(name: "campaignchatTests"),
    ]
)
