import CampaignChat

/// `db copy`, `db info`, `db check` and `db migrate` on a PostgreSQL schema (`SQLStore`).
/// Everything but a migration or a copy's writes runs in one `REPEATABLE READ, READ ONLY`
/// snapshot, which writers never wait for; a copy into the store holds its write lock throughout.
extension PostgresChatStore {
    public func copyRows() -> any CopyWriting { SQLStoreCopy<PostgresCatalog>(connection: connection) }

    public func sqlAdministration() throws -> any SQLAdministering {
        SQLAdministration<PostgresCatalog>(connection: connection, location: server,
                                           versions: SchemaVersions(found: try schemaVersion(), supported: PostgresMigrations.latestVersion))
    }

    /// The cluster (its system identifier), the database and the schema: the one place a store
    /// lives, whichever host name, socket or connection string reached it.
    public func databaseIdentity() throws -> String {
        try connection.row("""
            SELECT system_identifier::text, (SELECT oid FROM pg_database WHERE datname = current_database())::text, current_schema()
            FROM pg_control_system()
            """) { "postgresql:\($0.text(0)):\($0.text(1)):\($0.text(2))" } ?? ""
    }
}
