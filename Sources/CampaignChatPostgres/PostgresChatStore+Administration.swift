import CampaignChat

/// `db info`, `db check` and `db migrate` on a PostgreSQL schema. Everything but `migrate()` runs
/// in one `REPEATABLE READ, READ ONLY` snapshot, which writers never wait for.
extension PostgresChatStore: DatabaseAdministration {
    static let beginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"

    public func info() throws -> DatabaseInfo {
        try transaction(Self.beginRead) {
            let versions = try schemaVersions()
            let tables = try tableNames()
            let counts = try DatabaseCount.counts(tables: tables) { try connection.integer($0) }
            // Every table of campaignchat's with its indexes and TOAST; not other tables that share the schema.
            let ours = Self.campaignchatTables
            let size = try connection.integer("""
                SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = ANY ($1::text[])
                """, [.textArray(ours)])
            return DatabaseInfo(engine: "postgresql", location: server, schema: versions, counts: counts, sizeBytes: size, walBytes: nil)
        }
    }

    public func check(_ report: (DatabaseProblem) throws -> Void) throws -> Int {
        try transaction(Self.beginRead) {
            let versions = try schemaVersions()
            try versions.requireKnown(at: server)
            let present = Set(try connection.rows("""
                SELECT CASE WHEN c.relkind = 'i' THEN 'index' ELSE 'table' END || ' ' || c.relname
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'i')
                """) { $0.text(0) })
            for problem in SchemaObject.missing(from: SchemaObject.created(by: PostgresMigrations.all.prefix(versions.found).map(\.sql)),
                                                present: present) {
                try report(problem)
            }
            // campaignchat's tables only: other applications' tables may share the schema.
            try checkIndexes(of: Self.campaignchatTables, report)
            try checkForeignKeys(of: Self.campaignchatTables, report)
            // The search vector is a generated column: the server computes it with every row, so
            // only a column that is no longer generated (changed by hand) can leave it empty.
            let checks = InvariantCheck.shared + (versions.found >= 3 ? [Self.searchIndexCheck] : [])
            let run = try InvariantCheck.run(checks, tables: try tableNames(), rows: { sql, decode in
                try connection.rows(sql) { decode($0) }
            }, report: report)
            return run + 3 // with the schema's objects, its indexes and its foreign keys
        }
    }

    public func pendingMigrations() throws -> MigrationPlan {
        let versions = try transaction(Self.beginRead) { try schemaVersions() }
        try versions.requireKnown(at: server)
        return MigrationPlan(from: versions.found, to: versions.supported, migrations: Array(PostgresMigrations.all.dropFirst(versions.found)))
    }

    public func migrate() throws -> MigrationPlan {
        let versions = try transaction(Self.beginRead) { try schemaVersions() }
        try versions.requireKnown(at: server)
        let applied = try applyPendingMigrations()
        return MigrationPlan(from: applied.first.map { $0.version - 1 } ?? versions.supported, to: versions.supported, migrations: applied)
    }

    // MARK: - Checks only PostgreSQL has

    static let searchIndexCheck = InvariantCheck(.searchIndex, table: "message", reads: ["message"], sql: """
        SELECT id, 'the message has no search vector (body_search is NULL)' FROM message WHERE body_search IS NULL ORDER BY id
        """)

    private func schemaVersions() throws -> SchemaVersions {
        SchemaVersions(found: try schemaVersion(), supported: PostgresMigrations.latestVersion)
    }

    /// The tables campaignchat's migrations create, worked out once from their SQL.
    static let campaignchatTables = SchemaObject.created(by: PostgresMigrations.all.map(\.sql)).filter { $0.kind == .table }.map(\.name)

    /// Indexes the server will not use: a `CREATE INDEX CONCURRENTLY` that failed, or one marked so by hand.
    /// See https://www.postgresql.org/docs/current/catalog-pg-index.html
    private func checkIndexes(of tables: [String], _ report: (DatabaseProblem) throws -> Void) throws {
        let invalid = try connection.rows("""
            SELECT t.relname, c.relname FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND NOT (i.indisvalid AND i.indisready) AND t.relname = ANY ($1::text[])
            ORDER BY c.relname
            """, [.textArray(tables)]) { (table: $0.text(0), index: $0.text(1)) }
        for index in invalid {
            try report(DatabaseProblem(.invalidIndex, table: index.table, detail: "the index \(index.index) is invalid: the server does not use it"))
        }
    }

    /// Every single-column foreign key of the schema's tables, checked on the data: the server
    /// enforces them on each write, unless its triggers were switched off (`session_replication_role
    /// = replica`, `ALTER TABLE ... DISABLE TRIGGER`) while rows were written.
    private func checkForeignKeys(of tables: [String], _ report: (DatabaseProblem) throws -> Void) throws {
        let keys = try connection.rows("""
            SELECT cl.relname, quote_ident(a.attname), a.attname, k.confrelid::regclass::text, quote_ident(pa.attname),
                   EXISTS (SELECT 1 FROM pg_catalog.pg_attribute i WHERE i.attrelid = k.conrelid AND i.attname = 'id' AND NOT i.attisdropped)
            FROM pg_catalog.pg_constraint k
            JOIN pg_catalog.pg_class cl ON cl.oid = k.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = cl.relnamespace
            JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
            JOIN pg_catalog.pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
            WHERE k.contype = 'f' AND n.nspname = current_schema() AND cardinality(k.conkey) = 1 AND cl.relname = ANY ($1::text[])
            ORDER BY cl.relname, k.conname
            """, [.textArray(tables)]) { (table: $0.text(0), column: $0.text(1), columnName: $0.text(2), parent: $0.text(3), parentColumn: $0.text(4), hasID: $0.bool(5)) }
        for key in keys {
            let orphans = try connection.rows("""
                SELECT \(key.hasID ? "child.id" : "NULL::bigint"), child.\(key.column)::text FROM \(quotedIdentifier(key.table)) child
                WHERE child.\(key.column) IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM \(key.parent) parent WHERE parent.\(key.parentColumn) = child.\(key.column))
                ORDER BY 1
                """) { (id: $0.isNull(0) ? nil : $0.int64(0), value: $0.text(1)) }
            for orphan in orphans {
                try report(.foreignKey(table: key.table, id: orphan.id, column: key.columnName, value: orphan.value, parent: key.parent))
            }
        }
    }

    /// The names of the schema's tables.
    private func tableNames() throws -> Set<String> {
        Set(try connection.rows("""
            SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
            """) { $0.text(0) })
    }

    private func quotedIdentifier(_ name: String) -> String { "\"" + name.replacing("\"", with: "\"\"") + "\"" }
}
