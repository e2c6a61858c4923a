import CampaignChat

/// The chat store on a shared PostgreSQL database, for teams that outgrow one machine.
///
/// Every write is one transaction that first takes a transaction-level advisory lock, so writes
/// are serialised across every process and machine as `BEGIN IMMEDIATE` serialises them on
/// SQLite: what a rule reads before it writes cannot change under it. Reads run in one
/// REPEATABLE READ snapshot. The lock is per schema, so databases in separate schemas of one
/// server do not wait for each other.
/// See https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
public final class PostgresChatStore: SQLStore {
    let connection: PostgresConnection
    /// The server and database, as shown in messages: never a password.
    public let server: String
    let busyTimeout: Int

    /// Connects, and creates or migrates the schema unless `readOnly` or `schemaAsFound`. A schema
    /// with other tables of campaignchat's names, or of a newer campaignchat (unless
    /// `schemaAsFound`), is refused and left as it is.
    /// `hidden`: text of `string` that no message may repeat, besides the passwords libpq reads
    /// (see `PostgresConnectionString.hiddenParts`).
    public init(connection string: String, server: String, hidden: [String] = [], options: StoreOptions = StoreOptions()) throws {
        self.server = server
        busyTimeout = options.busyTimeout
        connection = try PostgresConnection(connection: string, server: server, hidden: hidden)
        // SQL_ASCII stores bytes unchecked and converts nothing: text would not round-trip.
        let encoding = connection.parameter("server_encoding") ?? "UTF8"
        guard encoding == "UTF8" else {
            throw StoreError.notCampaignChat(path: server, reason: "its encoding is \(encoding): campaignchat needs a UTF8 database")
        }
        // A lock wait of 0 is "forever" to PostgreSQL; campaignchat's 0 means "do not wait".
        try connection.execute("""
            SET client_encoding = 'UTF8'; SET lock_timeout = \(max(1, options.busyTimeout));
            SET default_transaction_read_only = \(options.readOnly ? "on" : "off")
            """)
        try prepareSchema(readOnly: options.readOnly, asFound: options.schemaAsFound)
    }

    public func transaction<T>(writing: Bool, _ body: (any SQLConnection) throws -> T) throws -> T {
        do {
            try connection.execute(writing ? Self.beginWrite : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            do {
                // The one lock every write of this schema takes first, held until commit or rollback.
                if writing { try connection.query("SELECT pg_advisory_xact_lock(\(Self.lockClass), hashtext(current_schema()))") }
                let result = try body(connection)
                try connection.execute("COMMIT")
                return result
            } catch {
                if connection.isConnected { _ = try? connection.execute("ROLLBACK") }
                throw error
            }
        } catch StoreError.busy {
            throw StoreError.busy(waitedMilliseconds: busyTimeout)
        }
    }

    public func changeFeed() throws -> any ChangeFeed {
        try PostgresChangeFeed(connection: connection)
    }

    /// Writes (and migrations) say their isolation level rather than take the server's or the
    /// role's `default_transaction_isolation`: the lock already serialises them, and under
    /// REPEATABLE READ or SERIALIZABLE the snapshot a write takes before it waits for the lock
    /// would be stale once it has it, failing the write with a serialization error.
    /// See https://www.postgresql.org/docs/current/transaction-iso.html
    static let beginWrite = "BEGIN ISOLATION LEVEL READ COMMITTED"

    /// "CCHT", the class of campaignchat's advisory locks (as SQLite's `application_id`).
    static let lockClass: Int32 = 0x4343_4854

    // MARK: - Schema

    private func prepareSchema(readOnly: Bool, asFound: Bool) throws {
        let versions = SchemaVersions(found: try schemaVersion(), supported: PostgresMigrations.latestVersion)
        // An empty schema is no database yet, as a missing file is on SQLite.
        if readOnly && versions.found == 0 {
            throw StoreError.noTablesYet(at: server)
        }
        try versions.prepare(at: server, shown: server, readOnly: readOnly, asFound: asFound) { try applyPendingMigrations() }
    }

    public func migrate(from version: Int) throws -> SchemaMigration {
        // Names a later migration gives may have been taken since (at 0, schemaVersion just looked).
        if version > 0 { try refuseObjectsInTheWay(ofMigrationsAfter: version) }
        try connection.execute(PostgresMigrations.all[version].sql)
        try connection.query("UPDATE \(PostgresMigrations.versionTable) SET version = $1", [.integer(Int64(version + 1))])
        return PostgresMigrations.all[version]
    }

    /// The schema's version, 0 for an empty schema; a schema where another application's object
    /// has one of campaignchat's names is refused.
    public func schemaVersion() throws -> Int {
        guard try connection.row("SELECT current_schema()", [], { $0.isNull(0) }) == false else {
            throw StoreError.notCampaignChat(path: server, reason: "no schema of its search_path exists to create the tables in")
        }
        // The catalog, not information_schema: it is quicker, and it lists tables this role may not read.
        let versioned = try connection.integer("""
            SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relname = $1 AND c.relkind IN ('r', 'p')
            """, [.text(PostgresMigrations.versionTable)]) > 0
        if versioned {
            return Int(try connection.integer("SELECT version FROM \(PostgresMigrations.versionTable)"))
        }
        try refuseObjectsInTheWay(ofMigrationsAfter: 0)
        return 0
    }

    /// Refuses the schema when another application's table, index, sequence, view, type, domain,
    /// function, ... has a name that the migrations after `version` give (see
    /// `PostgresMigrations.names(after:)`): named with its kind, before any of them runs, so
    /// nothing is created. See https://www.postgresql.org/docs/current/catalogs.html
    func refuseObjectsInTheWay(ofMigrationsAfter version: Int) throws {
        let names = PostgresMigrations.names(after: version)
        let found = try connection.rows("""
            WITH s AS (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema())
            SELECT kind, string_agg(name, ', ' ORDER BY name) FROM (
                SELECT CASE c.relkind WHEN 'r' THEN 'tables' WHEN 'p' THEN 'tables' WHEN 'i' THEN 'indexes' WHEN 'I' THEN 'indexes'
                           WHEN 'S' THEN 'sequences' WHEN 'v' THEN 'views' WHEN 'm' THEN 'materialized views'
                           WHEN 'c' THEN 'composite types' WHEN 'f' THEN 'foreign tables' ELSE 'relations' END, c.relname, 1
                FROM pg_catalog.pg_class c, s WHERE c.relnamespace = s.oid AND c.relname = ANY ($1::text[])
                UNION ALL
                -- Types that are no relation's row type (a composite type is found above, as its relation).
                SELECT CASE t.typtype WHEN 'e' THEN 'enum types' WHEN 'd' THEN 'domains' WHEN 'r' THEN 'range types'
                           WHEN 'm' THEN 'multirange types' ELSE 'types' END, t.typname, 2
                FROM pg_catalog.pg_type t, s WHERE t.typnamespace = s.oid AND t.typrelid = 0 AND t.typname = ANY ($2::text[])
                UNION ALL
                SELECT CASE p.prokind WHEN 'p' THEN 'procedures' WHEN 'a' THEN 'aggregates' ELSE 'functions' END, p.proname, 3
                FROM pg_catalog.pg_proc p, s WHERE p.pronamespace = s.oid AND p.proname = ANY ($3::text[])
            ) AS taken (kind, name, rank)
            GROUP BY kind ORDER BY min(rank), kind
            """, [.textArray(names.relations), .textArray(names.types), .textArray(names.functions)]) { "other \($0.text(0)) named \($0.text(1))" }
        if !found.isEmpty {
            throw StoreError.notCampaignChat(path: server, reason: "it holds " + found.joined(separator: "; "))
        }
    }
}
