// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "campaignchat",
    products: [
        .executable(name: "campaignchat", targets: ["campaignchat"]),
        .library(name: "CampaignChat", targets: ["CampaignChat"]),
    ],
    targets: [
        // The system SQLite (Debian: libsqlite3-dev). Only the store imports it.
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Models, messaging rules and the store: everything the CLI relies on.
        .target(name: "CampaignChat", dependencies: ["CSQLite"]),
        // The thin command-line front end. A release build (`swift build -c release`,
        // `swift run -c release`) links it as one static executable: with no dynamic
        // loader resolving the Swift runtime and libstdc++, a run starts as fast as the
        // sqlite3 shell. Debug builds and `swift test` keep the shared runtime.
        .executableTarget(
            name: "campaignchat",
            dependencies: ["CampaignChat"],
            linkerSettings: [.unsafeFlags(["-static-executable"], .when(configuration: .release))]
        ),
        .testTarget(name: "CampaignChatTests", dependencies: ["CampaignChat", "CSQLite"]),
        // End-to-end tests: they run the built `campaignchat` binary as a subprocess.
        .testTarget(name: "campaignchatTests", dependencies: ["campaignchat"]),
    ]
)
