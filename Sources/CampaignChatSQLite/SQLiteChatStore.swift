import CSQLite
import CampaignChat
import CampaignChatSystem

/// The chat store on one SQLite file: WAL, foreign keys, a busy timeout, and
/// every write in a `BEGIN IMMEDIATE` transaction.
public final class SQLiteChatStore: SQLStore {
    let database: Database
    public let path: String

    /// Opens (creating when missing, private to the user) and migrates the database at `path`.
    ///
    /// A file of another application, or of a newer campaignchat, is refused
    /// and left untouched.
    /// With `readOnly` nothing is created, migrated or written: the file stays byte-identical.
    /// With `schemaAsFound` the schema is neither upgraded nor refused for its version (see
    /// `StoreOptions.schemaAsFound`).
    public init(path: String, busyTimeout: Int = StoreOptions.defaultBusyTimeout, readOnly: Bool = false,
                schemaAsFound: Bool = false) throws {
        self.path = path
        if readOnly {
            if let target = Files.danglingLinkTarget(path) {
                throw StoreError.cannotCreate(path: path, reason: Files.danglingLink(to: target).reason)
            }
            guard Files.exists(path) else { throw StoreError.missing(path: path) }
        } else {
            _ = try Self.createPrivately(path)
        }
        // A file we may not write is read as it is: with no -wal beside it there is
        // nothing to recover, and a WAL reader could not create its -shm file anyway.
        let writable = Files.isWritable(path)
        let hasWAL = Files.exists(path + "-wal")
        // A read-only use of a file we may write, with no -wal beside it, opens it read-write with
        // writes switched off: such a connection removes the -wal and -shm files it needed when it
        // closes, where a read-only one would leave them behind. With a -wal already there (a
        // writer is running, or one was killed), a read-only connection reads it and leaves it as
        // it is, where closing a read-write one would checkpoint it into the database file.
        let mode: Database.Access = switch (writable, hasWAL) {
        case (true, false): .readWrite
        case (true, true): readOnly ? .readOnly : .readWrite
        case (false, false): .immutable
        case (false, true): .readOnly
        }
        do {
            database = try Database(path: path, busyTimeout: busyTimeout, access: mode)
            if readOnly && mode == .readWrite { try database.execute("PRAGMA query_only = ON") }
            try prepareSchema(readOnly: readOnly || !writable, asFound: schemaAsFound)
        } catch let error as SQLiteError {
            throw error.storeError(path: path, busyTimeout: busyTimeout)
        }
    }

    public func transaction<T>(writing: Bool, _ body: (any SQLConnection) throws -> T) throws -> T {
        try translatingErrors { try database.transaction(immediate: writing) { try body(database) } }
    }

    public func changeFeed() throws -> any ChangeFeed {
        try translatingErrors { try SQLiteChangeFeed(database: database, path: path) }
    }

    func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw error.storeError(path: path, busyTimeout: database.busyTimeout)
        }
    }

    /// Creates the file and its folders private to the user; `true` when it is new.
    static func createPrivately(_ path: String) throws -> Bool {
        do {
            return try Files.createPrivately(path)
        } catch {
            throw StoreError.cannotCreate(path: path, reason: error.reason)
        }
    }

    // MARK: - Schema

    private func prepareSchema(readOnly: Bool, asFound: Bool) throws {
        try schemaVersions().prepare(at: path, shown: "'\(path)'", readOnly: readOnly, asFound: asFound) { try migrateInWAL() }
    }

    /// The schema version of the file and this campaignchat's; a file of another application is refused.
    func schemaVersions() throws -> SchemaVersions {
        let applicationID = try database.integer("PRAGMA application_id")
        let version = try schemaVersion()
        if applicationID != Int64(Migrations.applicationID) {
            let tableCount = try database.integer("SELECT count(*) FROM sqlite_schema")
            let isEmpty = applicationID == 0 && version == 0 && tableCount == 0
            guard isEmpty else {
                throw StoreError.notCampaignChat(path: path, reason: "it belongs to another application")
            }
        }
        return SchemaVersions(found: version, supported: Migrations.latestVersion)
    }

    public func schemaVersion() throws -> Int { Int(try database.integer("PRAGMA user_version")) }

    public func migrate(from version: Int) throws -> SchemaMigration {
        try database.execute(Migrations.all[version].sql)
        try database.execute("PRAGMA application_id = \(Migrations.applicationID)")
        try database.execute("PRAGMA user_version = \(version + 1)")
        return Migrations.all[version]
    }

    /// Switches the file to WAL, which no transaction may do, then applies the pending migrations.
    @discardableResult
    func migrateInWAL() throws -> [SchemaMigration] {
        try translatingErrors {
            if try database.row("PRAGMA journal_mode", [], { $0.text(0) }) != "wal" { try database.execute("PRAGMA journal_mode = WAL") }
        }
        return try applyPendingMigrations()
    }
}
