import Foundation
import Testing
@testable import CampaignChat
@testable import CampaignChatPostgres
@testable import CampaignChatSQLite
import CampaignChatStorage
import CampaignChatSystem

/// `DatabaseAdministration` on every engine: info and migrations on older schemas, and checks
/// on sound and damaged data. (Each kind of damage is proven through the binary, in
/// `DatabaseAdminCommandTests`.)
@Suite struct AdministeringTheDatabase {
    /// A campaign with every kind of row: threads from both sides, read and unread, push
    /// notifications delivered and pending, a shipment marked with a notice, feedback, and
    /// events partly pruned.
    func richFixture(_ engine: TestEngine) throws -> ChatFixture {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.updateCreator(handle: "alice", pushToken: .some("token-a"))
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Your parcel: UPS 1Z999AA10123456784",
                                shipment: ShipmentDraft(carrierID: "ups", number: "1Z999AA10123456784"))
        _ = try chat.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "Thanks!")
        _ = try chat.brand.deliverPushes(options: PushDeliveryOptions(), attempt: { _, _ in
            ShellCommand.Outcome(exitCode: 0, lastErrorLine: nil, timedOut: false)
        }, report: { _, _ in })
        try chat.brand.readThread(campaign: "summer-launch", handle: "alice") { _ in }
        _ = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: "1Z999AA10123456784", status: .delivered, notify: true)
        _ = try chat.brand.markUnread(campaign: "summer-launch", handle: "alice")
        _ = try chat.brand.addFeedback(campaign: "summer-launch", handle: "alice", text: "Lovely")
        _ = try chat.brand.pruneEvents(before: 3)
        return chat
    }

    func problems(_ administration: any DatabaseAdministration) throws -> [DatabaseProblem] {
        var found: [DatabaseProblem] = []
        _ = try administration.check { found.append($0) }
        return found
    }

    @Test(arguments: TestEngine.selected) func aRichDatabaseIsSoundAndCountedRight(engine: TestEngine) throws {
        let chat = try richFixture(engine)
        let administration = try chat.database.openAdministration(readOnly: true)
        #expect(try problems(administration) == [])
        let info = try administration.info()
        #expect(info.schema == SchemaVersions(found: Migrations.latestVersion, supported: Migrations.latestVersion))
        #expect(info.schema.state == .current)
        #expect(info.engine == (engine == .sqlite ? "sqlite" : "postgresql"))
        #expect(info.rows("campaigns") == 1 && info.rows("creators") == 5 && info.rows("threads") == 1)
        #expect(info.rows("messages") == 3 && info.rows("notifications") == 2 && info.rows("pending_notifications") == 1)
        #expect(info.rows("failed_notifications") == 0 && info.rows("shipments") == 1 && info.rows("feedback") == 1)
        #expect(info.rows("events") == Int64(try chat.count("SELECT count(*) FROM event")))
        #expect(info.sizeBytes > 0)
        #expect(info.counts.map(\.name) == DatabaseCount.all.map(\.name))
    }

    @Test(arguments: TestEngine.selected) func checksReportTheRowAtFault(engine: TestEngine) throws {
        let chat = try richFixture(engine)
        try chat.database.execute("UPDATE thread SET creator_sent = 5, creator_read = 3")
        try chat.database.execute("UPDATE message SET sender_seq = 7 WHERE id = 2")
        let found = try problems(try chat.database.openAdministration(readOnly: true))
        try #require(found.map(\.kind) == [.threadCounters, .readPosition, .senderSequence])
        #expect(found.map(\.table) == ["thread", "thread", "message"])
        #expect(found.map(\.id) == [1, 1, 2])
        #expect(found[0].detail == "brand_sent is 2 and creator_sent 5, but the thread has 2 brand and 1 creator messages")
        #expect(found[1].detail == "brand_read is 0 of 5 creator messages, creator_read 3 of 2 brand messages")
        #expect(found[2].detail == "sender_seq is 7, but it is message 1 of the creator in thread 1")
    }

    @Test(arguments: TestEngine.selected) func anOlderSchemaIsReportedMigratedExplicitlyAndNeverWrittenByReads(engine: TestEngine) throws {
        let database = try engine.makeDatabase()
        try database.createSchema(version: 2)
        try database.execute("INSERT INTO campaign (slug, name, created_at) VALUES ('old', 'Old', '2026-01-01T00:00:00.000Z')")
        let reader = try database.openAdministration(readOnly: true)
        let before = try reader.info()
        #expect(before.schema == SchemaVersions(found: 2, supported: Migrations.latestVersion))
        #expect(before.schema.state == .older)
        #expect(before.rows("campaigns") == 1 && before.rows("notifications") == 0)
        #expect(before.rows("events") == nil && before.rows("shipments") == nil && before.rows("feedback") == nil, "tables of later versions")
        let plan = try reader.pendingMigrations()
        #expect(plan.from == 2 && plan.to == Migrations.latestVersion)
        #expect(plan.migrations.map(\.version) == Array(3...Migrations.latestVersion))
        #expect(plan.migrations.first?.summary == "full-text search over messages, and Campaign Approval feedback kept apart from chat")
        #expect(try problems(reader) == [], "an older schema is checked on the tables it has")
        #expect(try database.schemaVersion() == 2, "info, the plan and the check wrote nothing")

        let applied = try database.openAdministration(readOnly: false).migrate()
        #expect(applied == plan)
        #expect(try database.schemaVersion() == Migrations.latestVersion)
        let after = try database.openAdministration(readOnly: true)
        #expect(try after.info().schema.state == .current)
        #expect(try after.info().rows("events") == 0)
        #expect(try after.pendingMigrations().migrations.isEmpty)
        #expect(try database.openAdministration(readOnly: false).migrate().migrations.isEmpty, "nothing left to apply")
        #expect(try problems(after) == [])
    }

    @Test(arguments: TestEngine.selected) func aNewerSchemaIsReportedButNotCheckedOrMigrated(engine: TestEngine) throws {
        let database = try engine.makeDatabase()
        try database.createSchema(version: Migrations.latestVersion)
        let newer = Migrations.latestVersion + 1
        try database.execute(engine == .sqlite ? "PRAGMA user_version = \(newer)" : "UPDATE campaignchat_schema SET version = \(newer)")
        let administration = try database.openAdministration(readOnly: true)
        #expect(try administration.info().schema.state == .newer)
        #expect(throws: StoreError.self) { _ = try problems(administration) }
        #expect(throws: StoreError.self) { _ = try administration.pendingMigrations() }
        #expect(throws: StoreError.self) { _ = try database.openAdministration(readOnly: false).migrate() }
        #expect(try database.schemaVersion() == newer)
    }

    @Test func theMigrationsNameEveryTableIndexAndTriggerTheyLeave() {
        let sqlite = SchemaObject.created(by: Migrations.all.map(\.sql))
        #expect(sqlite.contains(SchemaObject(.index, "message_by_key", on: "message")))
        #expect(sqlite.contains(SchemaObject(.trigger, "message_fts_delete", on: "message")))
        #expect(sqlite.contains(SchemaObject(.table, "message_fts", on: "message_fts")))
        #expect(!sqlite.contains { $0.name == "message_fts_insert" || $0.name == "event_by_creator" }, "dropped by migration 5")
        let postgres = SchemaObject.created(by: PostgresMigrations.all.map(\.sql))
        #expect(postgres.contains(SchemaObject(.index, "message_search", on: "message")))
        #expect(postgres.contains(SchemaObject(.index, "creator_group_name", on: "creator_group")))
        #expect(!postgres.contains { $0.name == "event_by_creator" })
        // What must be free before each migration runs: every name given, even one a later migration drops.
        let fresh = PostgresMigrations.names(after: 0)
        #expect(fresh.relations.contains("event_by_creator") && fresh.relations.contains("message_by_thread"))
        #expect(fresh.types.contains("campaign") && !fresh.types.contains("message_by_thread"))
        #expect(fresh.functions == ["campaignchat_ascii_lower"])
        let pending = PostgresMigrations.names(after: 4)
        #expect(!pending.relations.contains("message_search"), "migration 3 gave it: campaignchat's own")
        #expect(Set(pending.relations) == ["shipment", "shipment_by_creator", "shipment_by_number", "shipment_notice"]
                && Set(pending.types) == ["shipment", "shipment_notice"])
        #expect(Set(sqlite.filter { $0.kind == .table }.map(\.name)).subtracting(["message_fts"])
                == Set(postgres.filter { $0.kind == .table }.map(\.name)).subtracting([PostgresMigrations.versionTable]))
    }
}

/// `db backup` on an SQLite file: the library's side.
@Suite struct SQLiteBackup {
    @Test func theCopyIsAPrivateCampaignChatDatabaseWithTheSameData() throws {
        let chat = try ChatFixture(SQLiteTestDatabase())
        try chat.seedCampaign()
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Your parcel")
        let folder = TestFolder()
        let file = folder.path("copies/backup.db")
        let previous = umask(0o022)
        defer { umask(previous) }
        let source = try SQLiteChatStore(path: (chat.database as! SQLiteTestDatabase).path, readOnly: true, schemaAsFound: true)
        let copy = try source.backUp(to: file)
        #expect(copy.file == file && copy.schemaVersion == Migrations.latestVersion && copy.bytes > 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as! NSNumber).intValue & 0o777 == 0o600)
        let copied = try SQLiteChatStore(path: file, readOnly: true, schemaAsFound: true)
        #expect(try copied.database.row("PRAGMA journal_mode", [], { $0.text(0) }) == "wal")
        #expect(try copied.database.integer("PRAGMA application_id") == Int64(Migrations.applicationID))
        #expect(try copied.info().counts == source.info().counts)
        var problems: [DatabaseProblem] = []
        _ = try copied.check { problems.append($0) }
        #expect(problems == [])
        #expect(try ChatService(store: copied, actor: .brand).search("parcel").count == 1)
    }

    @Test func anExistingFileIsRefusedAndLeftAsItWas() throws {
        let chat = try ChatFixture(SQLiteTestDatabase())
        let folder = TestFolder()
        let file = folder.path("taken")
        try Data("mine".utf8).write(to: URL(fileURLWithPath: file))
        let source = try SQLiteChatStore(path: (chat.database as! SQLiteTestDatabase).path, readOnly: true, schemaAsFound: true)
        #expect(throws: StoreError.self) { _ = try source.backUp(to: file) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data("mine".utf8))
    }

    @Test func aPostgresDatabaseIsBackedUpWithPgDump() {
        #expect(throws: CampaignChatError.self) {
            _ = try backUpDatabase(at: .postgres(connection: "postgresql://nowhere.invalid/x"), to: "x.db")
        }
    }
}
