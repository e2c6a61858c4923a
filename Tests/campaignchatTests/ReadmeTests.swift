import Foundation
import Testing

/// README.md's tables that come from code (`campaignchat-docs table NAME`, from `ExitCode`,
/// `EnvironmentVariable` and `DatabaseProblem.Kind`): the README holds exactly those rows, in that order.
@Suite struct ReadmeTables {
    static let file = repositoryRoot.appendingPathComponent("README.md")

    @Test(arguments: ["exit-codes", "environment", "db-check-problems"])
    func readmeHoldsExactlyTheRowsTheBinaryPrints(table: String) throws {
        let generated = try Sandbox().docs("table", table).split(separator: "\n").map(String.init)
        let readme = try String(contentsOf: ReadmeTables.file, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(generated.first)
        let starts = readme.indices.filter { readme[$0] == header }
        try #require(starts.count == 1, """
            README.md has \(starts.count) tables headed '\(header)', not one: paste `campaignchat-docs table \(table)` where it belongs
            """)
        let committed = Array(readme[starts[0]...].prefix { $0.hasPrefix("|") })
        let upToDate = committed == generated
        #expect(upToDate, """
            README.md's table is not what `campaignchat-docs table \(table)` prints: paste that over it
            \(ReadmeTables.difference(committed: committed, generated: generated))
            """)
    }

    @Test func everyExitCodeIsInTheTable() throws {
        let rows = try Sandbox().docs("table", "exit-codes").split(separator: "\n").dropFirst(2)
        #expect(rows.map { $0.split(separator: " ")[1] } == ["0", "64", "65", "66", "69", "70", "73", "74", "75", "77", "78", "130", "141"])
    }

    /// The rows only one side has, or, when both have the same rows, the first one out of place.
    static func difference(committed: [String], generated: [String]) -> String {
        let missing = generated.filter { !committed.contains($0) }.map { "  not in README.md: \($0)" }
        let extra = committed.filter { !generated.contains($0) }.map { "  only in README.md: \($0)" }
        if !missing.isEmpty || !extra.isEmpty { return (missing + extra).joined(separator: "\n") }
        let index = generated.indices.first { !committed.indices.contains($0) || committed[$0] != generated[$0] } ?? generated.count
        return "  the same rows in another order: row \(index + 1) should be \(generated.indices.contains(index) ? generated[index] : "the last")"
    }
}
