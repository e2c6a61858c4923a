/// A store on one SQL connection. Its engine opens, commits and rolls back transactions in its
/// own way; what runs in them is written once for every engine: the chat's reads and writes
/// (`SQLChatTransaction`), the migrations, and `db info`, `db check` (`SQLAdministration`).
public protocol SQLStore: ChatStore, DatabaseAdministration {
    /// Runs `body` in one transaction on the store's connection: a read snapshot, or a write that
    /// holds the store's write lock from its start; committed when `body` returns, rolled back when
    /// it throws, the engine's errors thrown as `StoreError`. For the code written once here: a
    /// chat's write goes through `write`, which also ends it (`SQLChatTransaction.finishWrite`).
    func transaction<T>(writing: Bool, _ body: (any SQLConnection) throws -> T) throws -> T
    /// The schema's version; read again inside each migration's write, under its lock.
    func schemaVersion() throws -> Int
    /// Runs the migration after `version` and records the new version, inside the write of
    /// `applyPendingMigrations`, under its lock.
    func migrate(from version: Int) throws -> SchemaMigration
    /// `SQLAdministration` on the store's connection, at the schema version found, inside a read.
    func sqlAdministration() throws -> any SQLAdministering
}

extension SQLStore {
    public func read<T>(_ body: (any ChatReading) throws -> T) throws -> T {
        try transaction(writing: false) { try body(SQLChatTransaction(connection: $0, writing: false)) }
    }

    public func write<T>(_ body: (any ChatWriting) throws -> T) throws -> T {
        try transaction(writing: true) { connection in
            let transaction = SQLChatTransaction(connection: connection, writing: true)
            let result = try body(transaction)
            try transaction.finishWrite()
            return result
        }
    }

    /// Applies the pending migrations, each in its own write with the version bump, so that a
    /// crash leaves the schema at one version or the next; the ones this call applied. What an
    /// engine must do first, outside any transaction (SQLite's switch to WAL), it does before calling this.
    @discardableResult
    public func applyPendingMigrations() throws -> [SchemaMigration] {
        var applied: [SchemaMigration] = []
        while let next = try transaction(writing: true, { _ -> SchemaMigration? in
            // Read again under the lock: another process may have migrated meanwhile.
            let version = try schemaVersion()
            return version < SchemaHistory.latestVersion ? try migrate(from: version) : nil
        }) {
            applied.append(next)
        }
        return applied
    }

    public func info() throws -> DatabaseInfo { try read { _ in try sqlAdministration().info() } }
    public func check(_ report: (DatabaseProblem) throws -> Void) throws -> Int { try read { _ in try sqlAdministration().check(report) } }
    public func pendingMigrations() throws -> MigrationPlan { try read { _ in try sqlAdministration().pendingMigrations() } }

    public func migrate() throws -> MigrationPlan { try migrate(applying: applyPendingMigrations) }

    /// `migrate()`, the pending migrations applied by `apply`: what it applied (nothing when
    /// another process got there first).
    public func migrate(applying apply: () throws -> [SchemaMigration]) throws -> MigrationPlan {
        let supported = try pendingMigrations().to
        let applied = try apply()
        return MigrationPlan(from: applied.first.map { $0.version - 1 } ?? supported, to: supported, migrations: applied)
    }
}
