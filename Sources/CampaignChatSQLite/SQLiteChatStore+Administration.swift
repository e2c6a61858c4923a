import CSQLite
import CampaignChat
import Glibc

/// `db info`, `db check` and `db migrate` on an SQLite file. Everything but `migrate()` runs in
/// one read transaction: a snapshot of the file that writers in other processes never wait for
/// (WAL), and that a store opened read-only cannot change.
extension SQLiteChatStore: DatabaseAdministration {
    public func info() throws -> DatabaseInfo {
        try translatingErrors {
            try database.transaction(immediate: false) {
                let versions = try schemaVersions()
                let tables = try tableNames()
                let counts = try DatabaseCount.counts(tables: tables) { try database.integer($0) }
                let wal = fileSize(path + "-wal")
                return DatabaseInfo(engine: "sqlite", location: path, schema: versions, counts: counts,
                                    sizeBytes: fileSize(path) + wal, walBytes: wal)
            }
        }
    }

    public func check(_ report: (DatabaseProblem) throws -> Void) throws -> Int {
        try translatingErrors {
            try database.transaction(immediate: false) {
                let versions = try schemaVersions()
                try versions.requireKnown(at: path)
                // See https://www.sqlite.org/pragma.html#pragma_integrity_check
                for line in try database.rows("PRAGMA integrity_check", [], { $0.text(0) }) where line != "ok" {
                    try report(DatabaseProblem(.integrity, detail: line))
                }
                let present = Set(try database.rows("SELECT type, name FROM sqlite_schema") { "\($0.text(0)) \($0.text(1))" })
                for problem in SchemaObject.missing(from: SchemaObject.created(by: Migrations.all.prefix(versions.found).map(\.sql)),
                                                    present: present) {
                    try report(problem)
                }
                try checkForeignKeys(report)
                let checks = InvariantCheck.shared + Self.searchIndexChecks
                let run = try InvariantCheck.run(checks, tables: try tableNames(), rows: { sql, decode in
                    try database.rows(sql) { decode($0) }
                }, report: report)
                return run + 3 // with the integrity check, the schema's objects and the foreign keys
            }
        }
    }

    public func pendingMigrations() throws -> MigrationPlan {
        try translatingErrors {
            let versions = try database.transaction(immediate: false) { try schemaVersions() }
            try versions.requireKnown(at: path)
            return MigrationPlan(from: versions.found, to: versions.supported, migrations: Array(Migrations.all.dropFirst(versions.found)))
        }
    }

    public func migrate() throws -> MigrationPlan {
        try translatingErrors {
            let versions = try database.transaction(immediate: false) { try schemaVersions() }
            try versions.requireKnown(at: path)
            let applied = try applyPendingMigrations()
            return MigrationPlan(from: applied.first.map { $0.version - 1 } ?? versions.supported, to: versions.supported, migrations: applied)
        }
    }

    // MARK: - Checks only SQLite has

    /// Every message has its entry in the FTS5 index and every entry a message, as the index's
    /// own table of documents (`message_fts_docsize`, a row per indexed message) says. FTS5's
    /// `integrity-check` command would say it too, but it is an INSERT, which SQLite refuses on a
    /// read-only connection: `db check` never writes.
    /// See https://www.sqlite.org/fts5.html#the_integrity_check_command
    static let searchIndexChecks = [
        InvariantCheck(.searchIndex, table: "message", reads: ["message", "message_fts_docsize"], sql: """
            SELECT m.id, 'the message is missing from the search index' FROM message m
            WHERE NOT EXISTS (SELECT 1 FROM message_fts_docsize d WHERE d.id = m.id)
            ORDER BY m.id
            """),
        InvariantCheck(.searchIndex, table: "message_fts", reads: ["message", "message_fts_docsize"], sql: """
            SELECT d.id, 'the search index has an entry for message ' || d.id || ', which does not exist'
            FROM message_fts_docsize d
            WHERE NOT EXISTS (SELECT 1 FROM message m WHERE m.id = d.id)
            ORDER BY d.id
            """),
    ]

    /// SQLite's own check of every foreign key, with the column and value at fault.
    /// See https://www.sqlite.org/pragma.html#pragma_foreign_key_check
    private func checkForeignKeys(_ report: (DatabaseProblem) throws -> Void) throws {
        let violations = try database.rows("PRAGMA foreign_key_check") { row in
            (table: row.text(0), rowID: row.isNull(1) ? nil : row.int64(1), parent: row.text(2), key: row.int64(3))
        }
        for violation in violations {
            let quotedTable = Self.quoted(violation.table)
            let column = try database.rows("PRAGMA foreign_key_list(\(quotedTable))") { ($0.int64(0), $0.text(3)) }
                .first { $0.0 == violation.key }?.1 ?? "?"
            let value = try violation.rowID.flatMap { rowID in
                try database.row("SELECT \(Self.quoted(column)) FROM \(quotedTable) WHERE rowid = ?1", [.integer(rowID)]) { $0.text(0) }
            }
            try report(.foreignKey(table: violation.table, id: violation.rowID, column: column, value: value, parent: violation.parent))
        }
    }

    /// The names of the file's tables.
    private func tableNames() throws -> Set<String> {
        Set(try database.rows("SELECT name FROM sqlite_schema WHERE type = 'table'") { $0.text(0) })
    }

    /// An SQL identifier in double quotes.
    static func quoted(_ name: String) -> String { "\"" + name.replacing("\"", with: "\"\"") + "\"" }

    /// A file's size in bytes, 0 when it does not exist.
    func fileSize(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}
