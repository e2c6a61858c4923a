import CSQLite
import CampaignChat
import CampaignChatSystem
import Glibc

/// `db backup`: a consistent copy of the file while other processes keep writing.
extension SQLiteChatStore {
    /// Pages copied by each step of the online backup (4 MiB at the default page size).
    static let backupPagesPerStep: Int32 = 1_024

    /// Copies the database into a new file at `file`, private to the user (0600, as the
    /// database is), with SQLite's online backup API: page by page, in steps, from one read
    /// snapshot held for the whole copy. In WAL mode a reader never blocks writers, so other
    /// processes go on writing, and the copy is the database as it was at one commit, never a
    /// mix. The copy is a campaignchat database like the original: same `application_id` and
    /// `user_version`, in WAL mode. An existing `file` is refused, never overwritten; a copy
    /// that fails half-way is removed.
    /// See https://www.sqlite.org/backup.html
    public func backUp(to file: String) throws -> DatabaseBackup {
        let versions = try transaction(writing: false) { _ in try schemaVersions() }
        try versions.requireKnown(at: path)
        guard try Self.createPrivately(file) else {
            throw StoreError.cannotCreate(path: file, reason: "it exists already (db backup never overwrites a file)")
        }
        do {
            try copy(to: file)
        } catch {
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(file + suffix) }
            guard let failure = error as? SQLiteError else { throw error }
            if case .busy = failure.storeError(path: file, busyTimeout: database.busyTimeout) {
                throw StoreError.busy(waitedMilliseconds: database.busyTimeout)
            }
            throw StoreError.io("cannot back up '\(path)' to '\(file)': \(failure.message)")
        }
        return DatabaseBackup(file: file, bytes: Files.size(of: file), schemaVersion: versions.found)
    }

    private func copy(to file: String) throws {
        let destination = try Database(path: file, busyTimeout: database.busyTimeout)
        try database.transaction(immediate: false) {
            // A deferred transaction takes its snapshot at its first read: every step copies from it.
            _ = try database.integer("SELECT count(*) FROM sqlite_schema")
            guard let backup = sqlite3_backup_init(destination.handle, "main", database.handle, "main") else {
                throw SQLiteError(code: sqlite3_extended_errcode(destination.handle), connection: destination.handle)
            }
            var code = SQLITE_OK
            while code == SQLITE_OK { code = sqlite3_backup_step(backup, Self.backupPagesPerStep) }
            let finished = sqlite3_backup_finish(backup)
            guard code == SQLITE_DONE, finished == SQLITE_OK else {
                throw SQLiteError(code: code == SQLITE_DONE ? finished : code, connection: destination.handle)
            }
        }
        // The copy was written through a rollback journal; it is used as every campaignchat database is.
        if try destination.row("PRAGMA journal_mode", [], { $0.text(0) }) != "wal" {
            try destination.execute("PRAGMA journal_mode = WAL")
        }
    }
}
