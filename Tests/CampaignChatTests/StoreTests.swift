import CSQLite
import Foundation
import Testing
@testable import CampaignChat
@testable import CampaignChatPostgres
@testable import CampaignChatSQLite

/// What only the SQLite file has: its folder and permissions, WAL, application id, foreign
/// files, busy waits, query plans and in-place upgrades. Behaviour every engine shares is
/// tested elsewhere, through `ChatFixture`.
@Suite struct SQLiteStoreFile {
    /// A fixture on SQLite, with the store's own connection.
    func sqliteFixture() throws -> (chat: ChatFixture, store: SQLiteChatStore) {
        let chat = try ChatFixture(SQLiteTestDatabase())
        return (chat, chat.store as! SQLiteChatStore)
    }

    /// The guard every open passes (an old libsqlite3 cannot be installed here to open with).
    @Test func anSQLiteOlderThan335IsRefusedAsUnavailable() throws {
        #expect(throws: StoreError.unavailable("campaignchat needs SQLite 3.35 or later; it was built with 3.34.1")) {
            try Database.requireSupported(version: 3_034_001, named: "3.34.1")
        }
        try Database.requireSupported(version: 3_035_000, named: "3.35.0")
        try Database.requireSupported(version: sqlite3_libversion_number(), named: String(cString: sqlite3_libversion()))
    }

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
        let (chat, store) = try sqliteFixture()
        #expect(try store.database.row("PRAGMA journal_mode", [], { $0.text(0) }) == "wal")
        #expect(try store.database.integer("PRAGMA foreign_keys") == 1)
        #expect(try chat.count("PRAGMA application_id") == Int(Migrations.applicationID))
        #expect(try chat.count("PRAGMA user_version") == Migrations.latestVersion)
    }

    /// SQLite checks `x IN (...)` by building a temporary index for every row it writes; migration 7
    /// rewrote the checks as comparisons, which still refuse what they refused.
    @Test(arguments: [("membership", "status"), ("notification", "state"), ("shipment", "status")])
    func statusChecksBuildNoTemporaryIndexAndStillRefuse(table: String, column: String) throws {
        let fixture = SQLiteTestDatabase()
        _ = try fixture.openSQLiteStore()
        // A connection reads the rewritten checks when it opens (the one that migrated keeps what it read).
        let database = try fixture.openSQLiteStore().database
        let plan = try database.rows("EXPLAIN UPDATE \(table) SET \(column) = ?1", [.text("x")]) { $0.text(1) }
        #expect(!plan.contains("OpenEphemeral"), "\(table): \(plan.filter { $0.hasPrefix("Open") })")
        #expect(throws: (any Error).self, "\(table).\(column) still refuses an unknown value") {
            try database.run("INSERT INTO \(table) (\(column)) VALUES ('bogus')")
        }
        let created = try #require(try database.row("SELECT sql FROM sqlite_schema WHERE name = ?1", [.text(table)]) { $0.text(0) })
        #expect(created.contains("CHECK (\(column) = '"), "\(created)")
        #expect(try database.row("PRAGMA integrity_check", []) { $0.text(0) } == "ok")
    }

    /// Where inotify is not available (an exhausted `max_user_instances`, some network file
    /// systems), a follower looks once a second: it still sees another connection's commit, and
    /// sleeps while nothing changes.
    @Test func withoutInotifyAFollowerLooksOnceASecond() throws {
        let (chat, store) = try sqliteFixture()
        try chat.seedCampaign()
        let feed = try SQLiteChangeFeed(database: store.database, path: store.path, watchingFiles: false)
        #expect(!feed.isWatching)
        #expect(try SQLiteChangeFeed(database: store.database, path: store.path).isWatching)

        // Past the settling time after subscribing, nothing committed: it waits out the deadline.
        let quiet = Timestamp.currentMilliseconds()
        #expect(try feed.wait(stop: nil, until: quiet + SQLiteChangeFeed.settleTime + 300) == .timedOut)

        let writer = chat.service(on: try chat.database.openStore())
        _ = try writer.send(campaign: "summer-launch", handle: "alice", body: "while no one watches")
        let started = Timestamp.currentMilliseconds()
        #expect(try feed.wait(stop: nil, until: started + 10_000) == .changed)
        let waited = Timestamp.currentMilliseconds() - started
        #expect(waited < 5_000, "seen after \(waited) ms: it did not look before the deadline")
        // Seen once: the next wait has nothing new.
        #expect(try feed.wait(stop: nil, until: Timestamp.currentMilliseconds() + 200) == .timedOut)
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
            \(Migrations.all[0].sql)
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
        let (chat, store) = try sqliteFixture()
        try chat.seedCampaign()
        _ = try chat.brand.unread()
        _ = try chat.creator("alice").unread()
        // The statements the store really ran, as SQLite plans them.
        func plan(containing condition: String) throws -> [String] {
            let sql = try #require(store.database.preparedSQL.first { $0.contains(condition) })
            return try store.database.rows("EXPLAIN QUERY PLAN " + sql) { $0.text(3) }
        }
        let brand = try plan(containing: "t.creator_sent > t.brand_read")
        #expect(brand.contains { $0.contains("thread_unread_by_brand") }, "\(brand)")
        let creator = try plan(containing: "t.brand_sent > t.creator_read")
        #expect(creator.contains { $0.contains("thread_unread_by_creator") || $0.contains("thread_by_creator") }, "\(creator)")
        #expect(!(brand + creator).contains { $0.hasPrefix("SCAN t") && !$0.contains("INDEX") }, "no full scan of threads")
    }

    @Test func searchOverAHundredThousandMessagesUsesTheIndex() throws {
        let (chat, store) = try sqliteFixture()
        try chat.seedCampaign()
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Your UPS tracking number is 1Z999AA10123456784.")
        try store.database.execute("""
            BEGIN;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
            INSERT INTO message (thread_id, sender, sender_seq, body, sent_at)
              SELECT 1, 'brand', 100 + i, printf('Parcel %d: your UPS tracking number is 1Z%010d.', i, i), '2026-01-01T00:00:00.000Z' FROM n;
            -- As a write of the store does as it ends: index what it inserted.
            INSERT INTO message_fts (rowid, body) SELECT id, body FROM message WHERE id > 1;
            COMMIT;
            """)
        let hits = try chat.brand.search("1Z0000054321")
        #expect(hits.map(\.message.body) == ["Parcel 54321: your UPS tracking number is 1Z0000054321."])
        let plan = try store.database.rows("EXPLAIN QUERY PLAN SELECT rowid FROM message_fts WHERE message_fts MATCH 'x'") { $0.text(3) }
        #expect(plan.contains { $0.contains("VIRTUAL TABLE INDEX") }, "\(plan)")
    }

    @Test func upgradesASecondVersionDatabaseAndIndexesItsMessages() throws {
        let database = SQLiteTestDatabase()
        try database.createSchema(version: 2)
        try database.execute(secondVersionHistory)
        let store = try database.openSQLiteStore()
        #expect(try store.database.integer("PRAGMA user_version") == Int64(Migrations.latestVersion))
        let brand = ChatService(store: store, actor: .brand)
        #expect(try brand.search("OLD123").map(\.message.body) == ["Old tracking OLD123"])
        _ = try brand.addFeedback(campaign: "old", handle: "alice", text: "fine")
        #expect(try brand.feedback(campaign: "old").count == 1)
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

/// The contract of `ChatStore` itself, whatever the engine.
@Suite struct StoreContract {
    @Test(arguments: TestEngine.selected) func aFailedWriteRollsBackEverything(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try chat.store.write { tx in
                _ = try tx.insertCampaign(slug: "half", name: "Half", at: Timestamp.now())
                throw Boom()
            }
        }
        #expect(try chat.count("SELECT count(*) FROM campaign") == 0)
    }
}

/// What every engine's store promises the service, checked on the store itself.
@Suite struct StoreKeysAndContexts {
    @Test(arguments: TestEngine.selected) func aKeyTakenInTheThreadInsertsNothingAndCountsNothing(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "first", key: "k")
        let second = try chat.store.write { tx -> Message? in
            let campaign = try #require(try tx.campaign(slug: "summer-launch"))
            let context = try #require(try tx.sendContext(campaignID: campaign.id, handle: Handle(parsing: "alice")))
            return try tx.insertMessage(threadID: #require(context.threadID), campaign: campaign, creator: context.creator, from: .brand,
                                        body: "second", key: "k", marksRead: true, notification: nil, at: Timestamp.now())
        }
        #expect(second == nil)
        #expect(try chat.count("SELECT count(*) FROM message") == 1)
        #expect(try chat.count("SELECT brand_sent FROM thread") == 1)
        #expect(try chat.count("SELECT count(*) FROM notification") == 1)
    }

    @Test(arguments: TestEngine.selected) func sendContextsReadEveryKnownHandleAtOnce(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "hi")
        let contexts = try chat.store.read { tx in
            let campaign = try #require(try tx.campaign(slug: "summer-launch"))
            return try tx.sendContexts(campaignID: campaign.id, handles: ["alice", "bob", "erin", "zed"].map { try Handle(parsing: $0) })
        }
        #expect(contexts.keys.map(\.value).sorted() == ["alice", "bob", "erin"])
        #expect(contexts[try Handle(parsing: "alice")]?.status == .accepted)
        #expect(contexts[try Handle(parsing: "alice")]?.threadID != nil)
        #expect(contexts[try Handle(parsing: "bob")]?.status == .invited)
        #expect(contexts[try Handle(parsing: "bob")]?.threadID == nil)
        #expect(contexts[try Handle(parsing: "erin")]?.status == nil)
        #expect(contexts[try Handle(parsing: "alice")]?.creator.name == "Alice")
    }
}

/// What only the PostgreSQL store has: its schema table, migrations and lock. These run when
/// `CAMPAIGNCHAT_TEST_DB` names a server.
@Suite(.enabled(if: TestEngine.server != nil, "needs CAMPAIGNCHAT_TEST_DB"))
struct PostgresStoreSchema {
    @Test func upgradesASecondVersionSchemaInPlaceKeepingItsData() throws {
        let database = try PostgresTestDatabase(server: try #require(TestEngine.server))
        try database.createSchema(version: 2)
        try database.execute(secondVersionHistory)
        let brand = ChatService(store: try database.openStore(), actor: .brand)
        #expect(try database.integer("SELECT version FROM campaignchat_schema") == Int64(PostgresMigrations.latestVersion))
        #expect(try brand.search("OLD123").map(\.message.body) == ["Old tracking OLD123"], "messages written before the index are found")
        _ = try brand.addFeedback(campaign: "old", handle: "alice", text: "fine")
        #expect(try brand.send(campaign: "old", handle: "alice", body: "New").message.id == 2)
    }

    @Test func bothEnginesKnowTheSameSchemaVersions() {
        #expect(PostgresMigrations.latestVersion == Migrations.latestVersion)
    }

    @Test func aReadOnlyOpenOfAnOldSchemaNeitherMigratesNorWrites() throws {
        let database = try PostgresTestDatabase(server: try #require(TestEngine.server))
        try database.execute(PostgresMigrations.all[0].sql + "UPDATE campaignchat_schema SET version = 1;")
        #expect(throws: StoreError.self) {
            _ = try PostgresChatStore(connection: database.connectionString, server: "the test server", options: StoreOptions(readOnly: true))
        }
        #expect(try database.integer("SELECT version FROM campaignchat_schema") == 1)
    }
}

/// A campaign, an accepted creator and one message, as a database of schema version 2 held them:
/// both engines' upgrade tests start from it.
let secondVersionHistory = """
            INSERT INTO campaign (slug, name, created_at) VALUES ('old', 'Old', '2026-01-01T00:00:00.000Z');
            INSERT INTO creator (handle, name, created_at) VALUES ('alice', 'Alice', '2026-01-01T00:00:00.000Z');
            INSERT INTO creator_group (campaign_id, name, created_at) VALUES (1, 'A', '2026-01-01T00:00:00.000Z');
            INSERT INTO membership (campaign_id, creator_id, group_id, status, updated_at) VALUES (1, 1, 1, 'accepted', 'x');
            INSERT INTO thread (campaign_id, creator_id, created_at, brand_sent) VALUES (1, 1, 'x', 1);
            INSERT INTO message (thread_id, sender, sender_seq, body, sent_at) VALUES (1, 'brand', 1, 'Old tracking OLD123', '2026-01-01T00:00:00.000Z');
    """
