/// `db info`, `db check` and `db migrate` in SQL, once for every engine; what the engine's
/// catalog says differently is its `SQLCatalog`. `info` and `check` run inside the read snapshot
/// the store opened.
public struct SQLAdministration<Catalog: SQLCatalog> {
    let connection: Catalog.Connection
    /// The database as messages show it: a path, or the server and database (never a password).
    let location: String

    public init(connection: Catalog.Connection, location: String) {
        self.connection = connection
        self.location = location
    }

    /// Schema versions, counts and size.
    public func info(_ versions: SchemaVersions) throws -> DatabaseInfo {
        let counts = try DatabaseCount.counts(tables: try tableNames()) { try connection.integer($0) }
        let size = try Catalog.size(connection)
        return DatabaseInfo(engine: Catalog.engine, location: location, schema: versions, counts: counts, sizeBytes: size.bytes,
                            walBytes: size.log)
    }

    /// The engine's checks of its storage, then the schema's objects, the engine's checks of its
    /// catalog, and every invariant the docs promise; the number of checks run.
    public func check(_ versions: SchemaVersions, _ report: (DatabaseProblem) throws -> Void) throws -> Int {
        try versions.requireKnown(at: location)
        let storage = try Catalog.storageChecks(connection)
        try storage.joined().forEach(report)
        let present = Set(try connection.rows(Catalog.objects, []) { $0.text(0) })
        let expected = SchemaObject.created(by: Catalog.migrations.prefix(versions.found).map(\.sql))
        try SchemaObject.missing(from: expected, present: present).forEach(report)
        let catalog = try Catalog.catalogChecks(connection)
        try catalog.joined().forEach(report)
        let checks = InvariantCheck.shared + Catalog.searchIndexChecks(version: versions.found)
        let run = try InvariantCheck.run(checks, tables: try tableNames(), rows: { sql, decode in
            try connection.rows(sql, []) { decode($0) }
        }, report: report)
        return storage.count + 1 + catalog.count + run
    }

    /// The migrations a schema at `versions` has not had yet.
    public static func pendingMigrations(_ versions: SchemaVersions, at location: String) throws -> MigrationPlan {
        try versions.requireKnown(at: location)
        return MigrationPlan(from: versions.found, to: versions.supported, migrations: Array(Catalog.migrations.dropFirst(versions.found)))
    }

    /// Applies the pending migrations with `apply`; what it applied (nothing when another process got there first).
    public static func migrate(_ versions: SchemaVersions, at location: String, apply: () throws -> [SchemaMigration]) throws -> MigrationPlan {
        try versions.requireKnown(at: location)
        let applied = try apply()
        return MigrationPlan(from: applied.first.map { $0.version - 1 } ?? versions.supported, to: versions.supported, migrations: applied)
    }

    /// The names of the tables.
    private func tableNames() throws -> Set<String> {
        Set(try connection.rows(Catalog.tables, []) { $0.text(0) })
    }
}
