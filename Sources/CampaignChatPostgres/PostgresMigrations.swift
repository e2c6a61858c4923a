import CampaignChat

/// The schema on PostgreSQL: `SchemaHistory`'s versions, the version kept in a one-row table.
/// Each version runs in its own transaction under the write lock together with the version bump.
enum PostgresMigrations {
    /// The one-row table that holds the schema version: its presence marks a campaignchat schema.
    static let versionTable = "campaignchat_schema"

    /// The names the migrations after `version` give that no migration up to it gave, read from
    /// their SQL (so a new object is never left out): each table's and index's as a relation,
    /// each table's also as a type (its row type), each function's. Another application's object
    /// of one of these names would stop a migration half-way (`CREATE TABLE campaign` fails on an
    /// enum `campaign`), so it is refused first. Sequences and the indexes of constraints are not
    /// among them: PostgreSQL names those itself, around names already taken.
    static func names(after version: Int) -> (relations: [String], types: [String], functions: [String]) {
        let given = Set(all.prefix(version).flatMap { SchemaObject.names(createdBy: $0.sql).map(\.name) })
        let new = all.dropFirst(version).flatMap { SchemaObject.names(createdBy: $0.sql) }.filter { !given.contains($0.name) }
        func named(_ kinds: Set<String>) -> [String] {
            var names: [String] = []
            for object in new where kinds.contains(object.kind) && !names.contains(object.name) { names.append(object.name) }
            return names
        }
        return (named(["table", "index"]), named(["table"]), named(["function"]))
    }

    static var latestVersion: Int { SchemaHistory.latestVersion }

    static let all = SchemaHistory.migrations(in: .postgres(versionTable: versionTable, wordSeparators: TextSearchQuery.asciiPunctuation))
}
