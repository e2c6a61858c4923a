/// One step of an engine's schema: the version it leads to, what it does in a line (what
/// `db migrate --dry-run` lists), and the SQL that does it.
public struct SchemaMigration: Hashable, Sendable {
    public let version: Int
    public let summary: String
    public let sql: String

    /// Numbers `steps` 1, 2, ...: a migration's version is its place in the list, and the
    /// version of a database that ran it.
    public static func numbered(_ steps: [(summary: String, sql: String)]) -> [SchemaMigration] {
        steps.enumerated().map { SchemaMigration(version: $0.offset + 1, summary: $0.element.summary, sql: $0.element.sql) }
    }
}

/// What `db migrate` applied, or would apply: the migrations from the version found to the
/// version after them.
public struct MigrationPlan: Hashable, Sendable {
    public var from: Int
    public var to: Int
    public var migrations: [SchemaMigration]

    public init(from: Int, to: Int, migrations: [SchemaMigration]) {
        self.from = from
        self.to = to
        self.migrations = migrations
    }
}

/// What `db backup` wrote.
public struct DatabaseBackup: Hashable, Sendable {
    public var file: String
    public var bytes: Int64
    public var schemaVersion: Int

    public init(file: String, bytes: Int64, schemaVersion: Int) {
        self.file = file
        self.bytes = bytes
        self.schemaVersion = schemaVersion
    }
}
