import CampaignChat

/// `db copy`, `db info`, `db check` and `db migrate` on a PostgreSQL schema, in SQL written once
/// (`SQLStoreCopy`, `SQLAdministration`). Everything but a migration or a copy's writes runs in
/// one `REPEATABLE READ, READ ONLY` snapshot, which writers never wait for; a copy into the
/// store holds its write lock throughout.
extension PostgresChatStore: DatabaseAdministration {
    public func info() throws -> DatabaseInfo {
        try read { _ in try administration.info(schemaVersions()) }
    }

    public func check(_ report: (DatabaseProblem) throws -> Void) throws -> Int {
        try read { _ in try administration.check(schemaVersions(), report) }
    }

    public func pendingMigrations() throws -> MigrationPlan {
        try SQLAdministration<PostgresCatalog>.pendingMigrations(read { _ in try schemaVersions() }, at: server)
    }

    public func migrate() throws -> MigrationPlan {
        try SQLAdministration<PostgresCatalog>.migrate(read { _ in try schemaVersions() }, at: server, apply: applyPendingMigrations)
    }

    private var administration: SQLAdministration<PostgresCatalog> { SQLAdministration(connection: connection, location: server) }

    private func schemaVersions() throws -> SchemaVersions {
        SchemaVersions(found: try schemaVersion(), supported: PostgresMigrations.latestVersion)
    }

    // MARK: - Copy

    /// The cluster (its system identifier), the database and the schema: the one place a store
    /// lives, whichever host name, socket or connection string reached it.
    public func databaseIdentity() throws -> String {
        try connection.row("""
            SELECT system_identifier::text, (SELECT oid FROM pg_database WHERE datname = current_database())::text, current_schema()
            FROM pg_control_system()
            """) { "postgresql:\($0.text(0)):\($0.text(1)):\($0.text(2))" } ?? ""
    }

    public func readForCopy<T>(_ body: (any CopyReading) throws -> T) throws -> T {
        try read { _ in try body(SQLStoreCopy<PostgresCatalog>(connection: connection)) }
    }

    public func writeForCopy<T>(_ body: (any CopyWriting) throws -> T) throws -> T {
        try write { _ in try body(SQLStoreCopy<PostgresCatalog>(connection: connection)) }
    }
}
