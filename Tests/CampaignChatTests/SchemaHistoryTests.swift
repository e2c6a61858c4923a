import Foundation
import Testing
@testable import CampaignChat
@testable import CampaignChatPostgres
@testable import CampaignChatSQLite

/// Never edit a migration that has shipped: each engine's versions run the SQL they ran when they
/// shipped (Tests/Fixtures/shipped-migrations-*.txt), so a migrated database and a fresh one are alike.
@Suite struct SchemaHistoryTests {
    /// SQLite keeps each table's, index's and trigger's text as written, and migration 7 rewrites
    /// that text: the SQL must not change by a byte.
    @Test func sqliteRunsTheSQLItShippedByteForByte() throws {
        let shipped = try Self.shipped("sqlite")
        #expect(Migrations.all.count >= shipped.count)
        for (version, sql) in zip(Migrations.all, shipped) {
            #expect(version.sql == sql, "version \(version.version)")
        }
    }

    /// PostgreSQL keeps no text of a table or index, only what it makes: the same statements with
    /// other comments, line breaks or spaces before a parenthesis make the same schema. A function's
    /// body it keeps as written.
    @Test func postgresRunsTheStatementsItShipped() throws {
        let shipped = try Self.shipped("postgres")
        #expect(PostgresMigrations.all.count >= shipped.count)
        for (version, sql) in zip(PostgresMigrations.all, shipped) {
            #expect(Self.statements(version.sql) == Self.statements(sql), "version \(version.version)")
        }
        let body = try #require(shipped[0].firstRange(of: "$$").map { shipped[0][$0.lowerBound...] })
        #expect(PostgresMigrations.all[0].sql.contains(body.prefix(through: try #require(body.lastIndex(of: "$")))))
    }

    @Test func bothEnginesHaveEveryVersionUnderOneSummary() {
        #expect(Migrations.all.map(\.summary) == PostgresMigrations.all.map(\.summary))
        // The count every run asks for is kept apart from the list, which takes long to build.
        #expect(Migrations.all.map(\.version) == Array(1...Migrations.latestVersion))
        #expect(PostgresMigrations.all.map(\.version) == Array(1...PostgresMigrations.latestVersion))
    }

    /// The SQL of each shipped version of `engine`, from version 1.
    static func shipped(_ engine: String) throws -> [String] {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/shipped-migrations-\(engine).txt")
        var versions: [[String]] = []
        for line in try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n").dropLast() {
            if line.hasPrefix("=== version ") { versions.append([]) } else if !versions.isEmpty { versions[versions.count - 1].append(line) }
        }
        return versions.map { $0.joined(separator: "\n") }
    }

    /// `sql` without comment lines, its white space outside quotes one space, none before a parenthesis.
    static func statements(_ sql: String) -> String {
        let code = sql.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }.joined(separator: "\n")
        return code.split(separator: "'", omittingEmptySubsequences: false).enumerated().map { index, part in
            guard index.isMultiple(of: 2) else { return String(part) }
            return part.split(whereSeparator: \.isWhitespace).joined(separator: " ").replacingOccurrences(of: " (", with: "(")
        }.joined(separator: "'")
    }
}
