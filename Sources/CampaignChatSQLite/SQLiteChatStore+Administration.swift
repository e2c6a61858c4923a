import CampaignChat
import Glibc

/// `db copy`, `db info`, `db check` and `db migrate` on an SQLite file, in SQL written once
/// (`SQLStoreCopy`, `SQLAdministration`). Everything but a migration or a copy's writes runs in
/// one read transaction: a snapshot of the file that writers in other processes never wait for
/// (WAL), and that a store opened read-only cannot change.
extension SQLiteChatStore: DatabaseAdministration {
    public func info() throws -> DatabaseInfo {
        try read { _ in try administration.info(schemaVersions()) }
    }

    public func check(_ report: (DatabaseProblem) throws -> Void) throws -> Int {
        try read { _ in try administration.check(schemaVersions(), report) }
    }

    public func pendingMigrations() throws -> MigrationPlan {
        try SQLAdministration<SQLiteCatalog>.pendingMigrations(read { _ in try schemaVersions() }, at: path)
    }

    public func migrate() throws -> MigrationPlan {
        let versions = try read { _ in try schemaVersions() }
        return try translatingErrors { try SQLAdministration<SQLiteCatalog>.migrate(versions, at: path, apply: applyPendingMigrations) }
    }

    private var administration: SQLAdministration<SQLiteCatalog> { SQLAdministration(connection: database, location: path) }

    // MARK: - Copy

    /// The file itself (device and inode), however its path was written.
    public func databaseIdentity() throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw StoreError.io("cannot use the database '\(path)': \(String(cString: strerror(errno)))")
        }
        return "sqlite:\(info.st_dev):\(info.st_ino)"
    }

    public func readForCopy<T>(_ body: (any CopyReading) throws -> T) throws -> T {
        try read { _ in try body(SQLStoreCopy<SQLiteCatalog>(connection: database)) }
    }

    public func writeForCopy<T>(_ body: (any CopyWriting) throws -> T) throws -> T {
        try write { _ in try body(SQLStoreCopy<SQLiteCatalog>(connection: database)) }
    }
}
