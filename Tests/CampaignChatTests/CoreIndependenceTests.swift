import Foundation
import Testing

/// The core (`Sources/CampaignChat`: models, rules, the service, the store contract) is blind to
/// the operating system and to the engines: it reaches them only through `CampaignChatSystem`
/// and the `ChatStore` contract, so what it says can be read, and tested, as rules alone.
@Suite struct CoreIndependence {
    /// Modules the core must not import: the C library in any of its names, Foundation (which
    /// brings the C library with it on Linux), the C modules, and the engines.
    static let forbidden: Set<String> = [
        "Glibc", "Musl", "Darwin", "Foundation", "FoundationEssentials", "CSystem", "CSQLite", "CLibPQ",
        "CampaignChatSQLite", "CampaignChatPostgres", "CampaignChatStorage",
    ]

    static let modifiers: Set<String> = ["public", "package", "internal", "fileprivate", "private"]
    static let kinds: Set<String> = ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"]

    /// Every `import` line of every Swift file under `Sources/CampaignChat`, as `file: line`.
    static func imports() throws -> [(file: String, module: String)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let core = root.appendingPathComponent("Sources/CampaignChat")
        let files = try #require(FileManager.default.enumerator(atPath: core.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        var found: [(String, String)] = []
        for file in files {
            let text = try String(contentsOf: core.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(whereSeparator: \.isNewline) {
                // `import X`, `@_exported import X`, `@testable import X`, `public import X`, `import struct X.Y`.
                var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init).filter { !$0.hasPrefix("@") }
                while let first = words.first, Self.modifiers.contains(first) { words.removeFirst() }
                guard words.first == "import" else { continue }
                words.removeFirst()
                while let first = words.first, Self.kinds.contains(first) { words.removeFirst() }
                if let named = words.first { found.append((file, String(named.prefix { $0 != "." }))) }
            }
        }
        return found
    }

    @Test func theCoreImportsNeitherTheCLibraryNorFoundationNorAnEngine() throws {
        let imports = try Self.imports()
        #expect(imports.contains { $0.module == "CampaignChatSystem" }, "the sources were found and read: \(imports.count) imports")
        let bad = imports.filter { Self.forbidden.contains($0.module) }.map { "\($0.file): import \($0.module)" }
        #expect(bad.isEmpty, "the core reaches the system through CampaignChatSystem only:\n\(bad.joined(separator: "\n"))")
    }
}
