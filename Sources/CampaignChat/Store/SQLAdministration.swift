/// `db info`, `db check` and `db migrate --dry-run` on one engine's connection.
public protocol SQLAdministering {
    func info() throws -> DatabaseInfo
    func check(_ report: (DatabaseProblem) throws -> Void) throws -> Int
    func pendingMigrations() throws -> MigrationPlan
}

/// `db info`, `db check` and `db migrate --dry-run` in SQL, once for every engine, inside the
/// read snapshot the store opened; what the engine's catalog says differently is its `SQLCatalog`.
public struct SQLAdministration<Catalog: SQLCatalog>: SQLAdministering {
    let connection: Catalog.Connection
    /// The database as messages show it: a path, or the server and database (never a password).
    let location: String
    let versions: SchemaVersions

    public init(connection: Catalog.Connection, location: String, versions: SchemaVersions) {
        self.connection = connection
        self.location = location
        self.versions = versions
    }

    /// Schema versions, counts and size.
    public func info() throws -> DatabaseInfo {
        let counts = try DatabaseCount.counts(tables: try objects().tables) { try connection.integer($0) }
        let size = try Catalog.size(connection)
        return DatabaseInfo(engine: Catalog.engine, location: location, schema: versions, counts: counts, sizeBytes: size.bytes,
                            walBytes: size.log)
    }

    /// The engine's checks of its storage, then the schema's objects, the engine's checks of its
    /// catalog, and every invariant the docs promise; the number of checks run.
    public func check(_ report: (DatabaseProblem) throws -> Void) throws -> Int {
        try versions.requireKnown(at: location)
        let storage = try Catalog.storageChecks(connection)
        try storage.joined().forEach(report)
        let present = try objects()
        let expected = SchemaObject.created(by: Catalog.migrations.prefix(versions.found).map(\.sql))
        try SchemaObject.missing(from: expected, present: present.all).forEach(report)
        let catalog = try Catalog.catalogChecks(connection)
        try catalog.joined().forEach(report)
        let checks = InvariantCheck.shared + Catalog.searchIndexChecks(version: versions.found)
        let run = try InvariantCheck.run(checks, tables: present.tables, on: connection, report: report)
        return storage.count + 1 + catalog.count + run
    }

    public func pendingMigrations() throws -> MigrationPlan {
        try versions.requireKnown(at: location)
        return MigrationPlan(from: versions.found, to: versions.supported, migrations: Array(Catalog.migrations.dropFirst(versions.found)))
    }

    /// Every table, index and trigger there is (`table thread`), and the tables' names.
    private func objects() throws -> (all: Set<String>, tables: Set<String>) {
        let all = try connection.rows(Catalog.objects, []) { $0.text(0) }
        return (Set(all), Set(all.compactMap { $0.hasPrefix("table ") ? String($0.dropFirst(6)) : nil }))
    }
}
