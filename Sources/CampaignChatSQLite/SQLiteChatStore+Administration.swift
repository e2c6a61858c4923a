import CampaignChat
import CampaignChatSystem

/// `db copy`, `db info`, `db check` and `db migrate` on an SQLite file (`SQLStore`). Everything
/// but a migration or a copy's writes runs in one read transaction: a snapshot of the file that
/// writers in other processes never wait for (WAL), and that a store opened read-only cannot change.
extension SQLiteChatStore {
    public func copyRows() -> any CopyWriting { SQLStoreCopy<SQLiteCatalog>(connection: database) }

    public func sqlAdministration() throws -> any SQLAdministering {
        SQLAdministration<SQLiteCatalog>(connection: database, location: path, versions: try schemaVersions())
    }

    public func migrate() throws -> MigrationPlan {
        try migrate(applying: migrateInWAL)
    }

    /// The file itself (device and inode), however its path was written.
    public func databaseIdentity() throws -> String {
        do {
            let file = try Files.identity(of: path)
            return "sqlite:\(file.device):\(file.inode)"
        } catch {
            throw StoreError.io("cannot use the database '\(path)': \(error.reason)")
        }
    }
}
