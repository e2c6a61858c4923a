import CSQLite
import Foundation
import Testing
@testable import CampaignChat

@Suite struct SQLiteStoreFile {
    @Test func createsFolderAndFilePrivatelyEvenUnderUmask022() throws {
        let folder = TestFolder()
        let path = folder.path("deep/er/chat.db")
        let previous = umask(0o022)
        defer { umask(previous) }
        let store = try SQLiteChatStore(path: path)
        _ = try ChatService(store: store, actor: .brand).createCampaign(name: "X")
        #expect(try permissions(path) == 0o600)
        #expect(try permissions(path + "-wal") == 0o600)
        #expect(try permissions(folder.path("deep/er")) == 0o700)
        #expect(try permissions(folder.path("deep")) == 0o700)
    }

    @Test func usesWALForeignKeysAndItsApplicationID() throws {
        let chat = try ChatFixture()
        #expect(try chat.store.database.row("PRAGMA journal_mode", [], { $0.text(0) }) == "wal")
        #expect(try chat.count("PRAGMA foreign_keys") == 1)
        #expect(try chat.count("PRAGMA application_id") == Int(Migrations.applicationID))
        #expect(try chat.count("PRAGMA user_version") == Migrations.latestVersion)
    }

    @Test func reopensWithoutMigratingAgain() throws {
        let folder = TestFolder()
        do {
            let store = try SQLiteChatStore(path: folder.databasePath)
            _ = try ChatService(store: store, actor: .brand).createCampaign(name: "Kept")
        }
        let store = try SQLiteChatStore(path: folder.databasePath)
        #expect(try ChatService(store: store, actor: .brand).campaigns().map(\.name) == ["Kept"])
    }

    @Test func refusesAFileThatIsNotSQLiteAndLeavesIt() throws {
        let folder = TestFolder()
        let contents = Data(String(repeating: "not a database\n", count: 400).utf8)
        try contents.write(to: URL(fileURLWithPath: folder.databasePath))
        #expect(throws: StoreError.notCampaignChat(path: folder.databasePath, reason: "not an SQLite database")) {
            _ = try SQLiteChatStore(path: folder.databasePath)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.databasePath)) == contents)
    }

    @Test func refusesAnotherApplicationsDatabaseAndLeavesIt() throws {
        let folder = TestFolder()
        try sqlite(folder.databasePath, "PRAGMA application_id = 42; CREATE TABLE notes (x);")
        let before = try Data(contentsOf: URL(fileURLWithPath: folder.databasePath))
        #expect(throws: StoreError.notCampaignChat(path: folder.databasePath, reason: "it belongs to another application")) {
            _ = try SQLiteChatStore(path: folder.databasePath)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.databasePath)) == before)
    }

    @Test func refusesAnUntaggedDatabaseWithTables() throws {
        let folder = TestFolder()
        try sqlite(folder.databasePath, "CREATE TABLE notes (x);")
        #expect(throws: StoreError.self) { _ = try SQLiteChatStore(path: folder.databasePath) }
    }

    @Test func refusesADatabaseFromANewerVersion() throws {
        let folder = TestFolder()
        _ = try SQLiteChatStore(path: folder.databasePath)
        try sqlite(folder.databasePath, "PRAGMA user_version = \(Migrations.latestVersion + 1);")
        #expect(throws: StoreError.newerVersion(path: folder.databasePath, found: Migrations.latestVersion + 1, supported: Migrations.latestVersion)) {
            _ = try SQLiteChatStore(path: folder.databasePath)
        }
    }

    @Test func upgradesADatabaseOfTheFirstSchemaInPlaceKeepingItsData() throws {
        let folder = TestFolder()
        try sqlite(folder.databasePath, """
            PRAGMA journal_mode = WAL;
            \(Migrations.all[0])
            PRAGMA application_id = \(Migrations.applicationID);
            PRAGMA user_version = 1;
            INSERT INTO campaign (slug, name, created_at) VALUES ('old', 'Old', '2026-01-01T00:00:00.000Z');
            INSERT INTO creator (handle, name, created_at) VALUES ('alice', 'Alice', '2026-01-01T00:00:00.000Z');
            """)
        let store = try SQLiteChatStore(path: folder.databasePath)
        #expect(try store.database.integer("PRAGMA user_version") == Int64(Migrations.latestVersion))
        let brand = ChatService(store: store, actor: .brand)
        #expect(try brand.campaigns().map(\.slug) == ["old"])
        #expect(try brand.creators().map(\.name) == ["Alice"])
        #expect(try brand.updateCreator(handle: "alice", pushToken: .some("t")).pushToken == "t")
        #expect(try store.database.integer("PRAGMA foreign_key_check") == 0)
    }

    @Test func aFailedWriteRollsBackEverything() throws {
        let chat = try ChatFixture()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try chat.store.write { tx in
                _ = try tx.insertCampaign(slug: "half", name: "Half", at: Timestamp.now())
                throw Boom()
            }
        }
        #expect(try chat.count("SELECT count(*) FROM campaign") == 0)
    }

    @Test func writersWaitForTheLockAndReportBusyAfterTheLimit() throws {
        let folder = TestFolder()
        let holder = try SQLiteChatStore(path: folder.databasePath)
        let waiter = try SQLiteChatStore(path: folder.databasePath, busyTimeout: 100)
        try holder.database.execute("BEGIN IMMEDIATE")
        #expect(throws: StoreError.busy(waitedMilliseconds: 100)) {
            _ = try ChatService(store: waiter, actor: .brand).createCampaign(name: "Blocked")
        }
        try holder.database.execute("COMMIT")
        _ = try ChatService(store: waiter, actor: .brand).createCampaign(name: "Now")
        #expect(try ChatService(store: holder, actor: .brand).campaigns().map(\.name) == ["Now"])
    }

    @Test func unreadQueriesUseThePartialIndexesNotAScan() throws {
        let chat = try ChatFixture()
        try chat.seedCampaign()
        _ = try chat.brand.unread()
        _ = try chat.creator("alice").unread()
        // The statements the store really ran, as SQLite plans them.
        func plan(containing condition: String) throws -> [String] {
            let sql = try #require(chat.store.database.statements.keys.first { $0.contains(condition) })
            return try chat.store.database.rows("EXPLAIN QUERY PLAN " + sql) { $0.text(3) }
        }
        let brand = try plan(containing: "t.creator_sent > t.brand_read")
        #expect(brand.contains { $0.contains("thread_unread_by_brand") }, "\(brand)")
        let creator = try plan(containing: "t.brand_sent > t.creator_read")
        #expect(creator.contains { $0.contains("thread_unread_by_creator") || $0.contains("thread_by_creator") }, "\(creator)")
        #expect(!(brand + creator).contains { $0.hasPrefix("SCAN t") && !$0.contains("INDEX") }, "no full scan of threads")
    }

    private func permissions(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as! NSNumber).intValue & 0o777
    }

    private func sqlite(_ path: String, _ sql: String) throws {
        var connection: OpaquePointer?
        guard sqlite3_open(path, &connection) == SQLITE_OK else { throw StoreError.io("open") }
        defer { sqlite3_close(connection) }
        guard sqlite3_exec(connection, sql, nil, nil, nil) == SQLITE_OK else { throw StoreError.io(String(cString: sqlite3_errmsg(connection))) }
    }
}
