import CampaignChat

/// What `db copy`, `db info` and `db check` do differently on a PostgreSQL schema (`SQLCatalog`):
/// only campaignchat's tables are counted and checked, as other applications' may share the schema.
enum PostgresCatalog: SQLCatalog {
    static let engine = "postgresql"
    static var migrations: [SchemaMigration] { PostgresMigrations.all }

    /// The tables campaignchat's migrations create, worked out once from their SQL.
    static let campaignchatTables = SchemaObject.created(by: PostgresMigrations.all.map(\.sql)).filter { $0.kind == .table }.map(\.name)

    // MARK: - Copy

    /// The identity sequence's last value (NULL before its first id).
    static let lastID = """
        SELECT last_value FROM pg_sequences WHERE format('%I.%I', schemaname, sequencename) = pg_get_serial_sequence($1, 'id')
        """
    static let continueIDs = ["SELECT setval(pg_get_serial_sequence($1, 'id'), greatest($2::bigint, 1), $2::bigint > 0)"]
    /// A round trip a batch: `StoreCopy.rowsPerBatch` rows of at most 14 columns stay well
    /// under the 65,535 parameters a statement may bind.
    static let rowsPerInsert = StoreCopy.rowsPerBatch

    // MARK: - Info and check

    static let objects = """
        SELECT CASE WHEN c.relkind = 'i' THEN 'index' ELSE 'table' END || ' ' || c.relname
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'i')
        """

    /// Every table of campaignchat's with its indexes and TOAST.
    static func size(_ connection: PostgresConnection) throws -> (bytes: Int64, log: Int64?) {
        let bytes = try connection.integer("""
            SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = ANY ($1::text[])
            """, [.textArray(campaignchatTables)])
        return (bytes, nil)
    }

    /// PostgreSQL has no integrity check of its files (its `amcheck` extension is not there by default).
    static func storageChecks(_ connection: PostgresConnection) throws -> [[DatabaseProblem]] { [] }

    static func catalogChecks(_ connection: PostgresConnection) throws -> [[DatabaseProblem]] {
        [try invalidIndexes(connection), try foreignKeyProblems(connection)]
    }

    /// The search vector is a generated column: the server computes it with every row, so only a
    /// column that is no longer generated (changed by hand) can leave it empty.
    static func searchIndexChecks(version: Int) -> [InvariantCheck] {
        guard version >= 3 else { return [] }
        return [InvariantCheck(.searchIndex, table: "message", reads: ["message"], sql: """
            SELECT id, 'the message has no search vector (body_search is NULL)' FROM message WHERE body_search IS NULL ORDER BY id
            """)]
    }

    /// Indexes the server will not use: a `CREATE INDEX CONCURRENTLY` that failed, or one marked so by hand.
    /// See https://www.postgresql.org/docs/current/catalog-pg-index.html
    private static func invalidIndexes(_ connection: PostgresConnection) throws -> [DatabaseProblem] {
        try connection.rows("""
            SELECT t.relname, c.relname FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND NOT (i.indisvalid AND i.indisready) AND t.relname = ANY ($1::text[])
            ORDER BY c.relname
            """, [.textArray(campaignchatTables)]) {
            DatabaseProblem(.invalidIndex, table: $0.text(0), detail: "the index \($0.text(1)) is invalid: the server does not use it")
        }
    }

    /// Every single-column foreign key of the schema's tables, checked on the data: the server
    /// enforces them on each write, unless its triggers were switched off (`session_replication_role
    /// = replica`, `ALTER TABLE ... DISABLE TRIGGER`) while rows were written.
    private static func foreignKeyProblems(_ connection: PostgresConnection) throws -> [DatabaseProblem] {
        let keys = try connection.rows("""
            SELECT cl.relname, quote_ident(a.attname), a.attname, k.confrelid::regclass::text, quote_ident(pa.attname),
                   EXISTS (SELECT 1 FROM pg_catalog.pg_attribute i WHERE i.attrelid = k.conrelid AND i.attname = 'id' AND NOT i.attisdropped)
            FROM pg_catalog.pg_constraint k
            JOIN pg_catalog.pg_class cl ON cl.oid = k.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = cl.relnamespace
            JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
            JOIN pg_catalog.pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
            WHERE k.contype = 'f' AND n.nspname = current_schema() AND cardinality(k.conkey) = 1 AND cl.relname = ANY ($1::text[])
            ORDER BY cl.relname, k.conname
            """, [.textArray(campaignchatTables)]) {
            (table: $0.text(0), column: $0.text(1), columnName: $0.text(2), parent: $0.text(3), parentColumn: $0.text(4), hasID: $0.bool(5))
        }
        return try keys.flatMap { key in
            try connection.rows("""
                SELECT \(key.hasID ? "child.id" : "NULL::bigint"), child.\(key.column)::text FROM \(quoted(key.table)) child
                WHERE child.\(key.column) IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM \(key.parent) parent WHERE parent.\(key.parentColumn) = child.\(key.column))
                ORDER BY 1
                """) {
                DatabaseProblem.foreignKey(table: key.table, id: $0.isNull(0) ? nil : $0.int64(0), column: key.columnName, value: $0.text(1),
                                           parent: key.parent)
            }
        }
    }
}
