import CampaignChat
import CampaignChatSystem

/// What `db copy`, `db info` and `db check` do differently on an SQLite file (`SQLCatalog`).
enum SQLiteCatalog: SQLCatalog {
    static let engine = "sqlite"
    static var migrations: [SchemaMigration] { Migrations.all }

    // MARK: - Copy

    /// AUTOINCREMENT tables (the event log) remember in `sqlite_sequence` the ids of pruned
    /// events; the others hand out the next id after their last row.
    static let lastID = "SELECT seq FROM sqlite_sequence WHERE name = $1"
    static let continueIDs = [
        "UPDATE sqlite_sequence SET seq = max(seq, $2) WHERE name = $1",
        """
        INSERT INTO sqlite_sequence (name, seq) SELECT $1, $2
        WHERE $2 > 0 AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = $1)
          AND EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = $1 AND sql LIKE '%AUTOINCREMENT%')
        """,
    ]
    /// One prepared statement, stepped once a row: there is no round trip to save.
    static let rowsPerInsert = 1

    // MARK: - Info and check

    static let objects = "SELECT type || ' ' || name FROM sqlite_schema"

    /// The file and its `-wal`.
    static func size(_ database: Database) throws -> (bytes: Int64, log: Int64?) {
        let wal = Files.size(of: database.path + "-wal")
        return (Files.size(of: database.path) + wal, wal)
    }

    /// See https://www.sqlite.org/pragma.html#pragma_integrity_check
    static func storageChecks(_ database: Database) throws -> [[DatabaseProblem]] {
        [try database.rows("PRAGMA integrity_check") { $0.text(0) }.filter { $0 != "ok" }.map { DatabaseProblem(.integrity, detail: $0) }]
    }

    static func catalogChecks(_ database: Database) throws -> [[DatabaseProblem]] {
        [try foreignKeyProblems(database)]
    }

    /// Every message has its entry in the FTS5 index and every entry a message, as the index's
    /// own table of documents (`message_fts_docsize`, a row per indexed message) says. FTS5's
    /// `integrity-check` command would say it too, but it is an INSERT, which SQLite refuses on a
    /// read-only connection: `db check` never writes.
    /// See https://www.sqlite.org/fts5.html#the_integrity_check_command
    static func searchIndexChecks(version: Int) -> [InvariantCheck] {
        [
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
    }

    /// SQLite's own check of every foreign key, with the column and value at fault.
    /// See https://www.sqlite.org/pragma.html#pragma_foreign_key_check
    private static func foreignKeyProblems(_ database: Database) throws -> [DatabaseProblem] {
        let violations = try database.rows("PRAGMA foreign_key_check") { row in
            (table: row.text(0), rowID: row.isNull(1) ? nil : row.int64(1), parent: row.text(2), key: row.int64(3))
        }
        return try violations.map { violation in
            let quotedTable = quoted(violation.table)
            let column = try database.rows("PRAGMA foreign_key_list(\(quotedTable))") { ($0.int64(0), $0.text(3)) }
                .first { $0.0 == violation.key }?.1 ?? "?"
            let value = try violation.rowID.flatMap { rowID in
                try database.row("SELECT \(quoted(column)) FROM \(quotedTable) WHERE rowid = $1", [.integer(rowID)]) { $0.text(0) }
            }
            return .foreignKey(table: violation.table, id: violation.rowID, column: column, value: value, parent: violation.parent)
        }
    }
}
