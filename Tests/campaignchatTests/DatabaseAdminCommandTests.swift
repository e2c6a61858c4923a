import Foundation
import Testing

/// One way to break one promise with raw SQL, and the problem `db check` must name for it.
struct Damage: Sendable, CustomStringConvertible {
    let problem: String
    let table: String?
    let sqlite: String?
    let postgres: String?

    var description: String { problem }

    func sql(on engine: Sandbox.Engine) -> String? { engine == .sqlite ? sqlite : postgres }

    /// Every kind of damage `db check` claims to find, on the engines where it can happen.
    static let all: [Damage] = [
        Damage(problem: "integrity", table: nil, sqlite: """
            PRAGMA writable_schema = ON;
            UPDATE sqlite_schema SET sql = 'CREATE INDEX feedback_by_campaign ON feedback (body, campaign_id, creator_id, id)'
            WHERE name = 'feedback_by_campaign';
            """, postgres: nil),
        Damage(problem: "foreign_key", table: "feedback",
               sqlite: "PRAGMA foreign_keys = OFF; INSERT INTO feedback (campaign_id, creator_id, body, created_at) VALUES (1, 999, 'x', 'x')",
               postgres: """
                   SET session_replication_role = replica;
                   INSERT INTO feedback (campaign_id, creator_id, body, created_at) VALUES (1, 999, 'x', 'x')
                   """),
        Damage(problem: "missing_table", table: "feedback", sqlite: "DROP TABLE feedback", postgres: "DROP TABLE feedback"),
        Damage(problem: "missing_index", table: "thread", sqlite: "DROP INDEX thread_by_creator", postgres: "DROP INDEX thread_by_creator"),
        Damage(problem: "missing_trigger", table: "message", sqlite: "DROP TRIGGER message_fts_delete", postgres: nil),
        Damage(problem: "invalid_index", table: "thread", sqlite: nil,
               postgres: "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'thread_by_creator'::regclass"),
        Damage(problem: "thread_counters", table: "thread", sqlite: "UPDATE thread SET brand_sent = brand_sent + 1 WHERE id = 1",
               postgres: "UPDATE thread SET brand_sent = brand_sent + 1 WHERE id = 1"),
        Damage(problem: "read_position", table: "thread", sqlite: "UPDATE thread SET brand_read = creator_sent + 1 WHERE id = 1",
               postgres: "UPDATE thread SET brand_read = creator_sent + 1 WHERE id = 1"),
        Damage(problem: "last_message", table: "thread", sqlite: "UPDATE thread SET last_message_at = '2000-01-01T00:00:00.000Z' WHERE id = 1",
               postgres: "UPDATE thread SET last_message_at = '2000-01-01T00:00:00.000Z' WHERE id = 1"),
        Damage(problem: "thread_without_message", table: "thread",
               sqlite: "INSERT INTO thread (campaign_id, creator_id, created_at) SELECT 1, id, 'x' FROM creator WHERE handle = 'c03'",
               postgres: "INSERT INTO thread (campaign_id, creator_id, created_at) SELECT 1, id, 'x' FROM creator WHERE handle = 'c03'"),
        Damage(problem: "sender_seq", table: "message",
               sqlite: "UPDATE message SET sender_seq = 9 WHERE id = (SELECT max(id) FROM message WHERE sender = 'creator')",
               postgres: "UPDATE message SET sender_seq = 9 WHERE id = (SELECT max(id) FROM message WHERE sender = 'creator')"),
        Damage(problem: "missing_notification", table: "message",
               sqlite: "DELETE FROM notification WHERE id = (SELECT max(id) FROM notification)",
               postgres: "DELETE FROM notification WHERE id = (SELECT max(id) FROM notification)"),
        Damage(problem: "unexpected_notification", table: "notification", sqlite: unexpectedNotification, postgres: unexpectedNotification),
        Damage(problem: "notification_owner", table: "notification",
               sqlite: "UPDATE notification SET creator_id = (SELECT id FROM creator WHERE handle = 'c03') WHERE id = (SELECT max(id) FROM notification)",
               postgres: "UPDATE notification SET creator_id = (SELECT id FROM creator WHERE handle = 'c03') WHERE id = (SELECT max(id) FROM notification)"),
        Damage(problem: "search_index", table: "message",
               sqlite: "INSERT INTO message_fts (message_fts, rowid, body) SELECT 'delete', id, body FROM message WHERE id = 1",
               postgres: "ALTER TABLE message ALTER COLUMN body_search DROP EXPRESSION; UPDATE message SET body_search = NULL WHERE id = 1"),
        Damage(problem: "event_not_pruned", table: "event", sqlite: "UPDATE event_horizon SET pruned_before = (SELECT max(id) FROM event)",
               postgres: "UPDATE event_horizon SET pruned_before = (SELECT max(id) FROM event)"),
        Damage(problem: "event_horizon", table: "event_horizon", sqlite: "DELETE FROM event_horizon", postgres: "DELETE FROM event_horizon"),
        Damage(problem: "shipment_message", table: "shipment",
               sqlite: "UPDATE shipment SET message_id = (SELECT min(id) FROM message WHERE sender = 'creator') WHERE id = 1",
               postgres: "UPDATE shipment SET message_id = (SELECT min(id) FROM message WHERE sender = 'creator') WHERE id = 1"),
        Damage(problem: "shipment_notice", table: "shipment_notice",
               sqlite: "UPDATE shipment_notice SET message_id = (SELECT min(id) FROM message WHERE sender = 'creator')",
               postgres: "UPDATE shipment_notice SET message_id = (SELECT min(id) FROM message WHERE sender = 'creator')"),
    ]

    /// A notification for the first creator message, in its own thread's campaign and creator.
    static let unexpectedNotification = """
        INSERT INTO notification (message_id, campaign_id, creator_id, preview, state, created_at)
        SELECT m.id, t.campaign_id, t.creator_id, 'x', 'no_device', 'x' FROM message m JOIN thread t ON t.id = m.thread_id
        WHERE m.id = (SELECT min(id) FROM message WHERE sender = 'creator')
        """
}

@Suite struct DatabaseAdminCommands {
    /// Everything a campaign does, through the binary: a bulk send of tracking numbers (shipments),
    /// replies, push deliveries, a thread read and one marked unread, a shipment marked with a
    /// notice, feedback and a pruned event log. c03 is accepted but never written to.
    static func richScenario(engine: Sandbox.Engine = Sandbox.selectedEngine) throws -> Sandbox {
        let cli = try acceptedCreators(3, engine: engine)
        try "handle,tracking\nc01,1Z999AA10123456784\nc02,9400111899223197428497\n".write(toFile: cli.path("ship.csv"), atomically: true, encoding: .utf8)
        try cli.ok("message", "send", "summer-launch", "--bulk", "ship.csv", "--template", "Your parcel: {tracking_number}", "-q")
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "Thanks!", "-q")
        try cli.ok("--as", "c02", "message", "send", "summer-launch", "c02", "Got it", "-q")
        try cli.ok("push", "deliver", "--exec", "true", "-q")
        try cli.ok("thread", "read", "summer-launch", "c01")
        try cli.ok("shipment", "mark", "summer-launch", "c01", "1Z999AA10123456784", "delivered", "--notify", "-q")
        try cli.ok("message", "send", "summer-launch", "c02", "One more thing", "-q")
        try cli.ok("thread", "mark-unread", "summer-launch", "c02", "-q")
        try cli.ok("feedback", "add", "summer-launch", "c01", "Great content", "-q")
        try cli.ok("db", "prune-events", "--before", "5", "-q")
        return cli
    }

    @Test func aDatabaseAfterARichScenarioIsSound() throws {
        let cli = try Self.richScenario()
        let human = try cli.run("db", "check")
        #expect(human.status == 0, "\(human.stdout)\(human.stderr)")
        #expect(human.stdout.hasPrefix("The database is sound: ") && human.stderr == "")
        #expect(try cli.run("db", "check", "--json").stdout == "", "no problem, no line")
        #expect(try cli.run("db", "check", "-q").stdout == "")
    }

    /// A PostgreSQL schema may hold other applications' tables: their broken foreign keys and
    /// invalid indexes are theirs, not problems of campaignchat's database.
    @Test(.enabled(if: Sandbox.server != nil, "needs CAMPAIGNCHAT_TEST_DB"))
    func otherApplicationsTablesInTheSchemaAreNotChecked() throws {
        let cli = try acceptedCreators(1, engine: .postgres)
        _ = try cli.query("""
            CREATE TABLE app_users (id int PRIMARY KEY);
            CREATE TABLE app_orders (id int PRIMARY KEY, user_id int REFERENCES app_users (id));
            SET session_replication_role = replica;
            INSERT INTO app_orders VALUES (1, 42);
            """)
        let result = try cli.run("db", "check")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test(arguments: Damage.all.filter { $0.sql(on: Sandbox.selectedEngine) != nil })
    func checkFindsEachKindOfDamage(damage: Damage) throws {
        let cli = try Self.richScenario()
        try #require(try cli.run("db", "check").status == 0, "sound before the damage")
        _ = try cli.query(try #require(damage.sql(on: cli.engine)))
        let human = try cli.run("db", "check")
        #expect(human.status == 65, "\(human.stderr)")
        #expect(!human.stdoutLines.isEmpty && human.stdoutLines.allSatisfy { $0.hasPrefix(damage.problem + ": ") }, "\(human.stdout)")
        let count = human.stdoutLines.count
        #expect(human.stderr == "Error: \(count) problem\(count == 1 ? "" : "s") found\n")
        let json = try cli.run("db", "check", "--json")
        #expect(json.status == 65)
        #expect(json.stdoutLines.count == count)
        #expect(try jq("[.problem, .table]", json.stdout).split(separator: "\n").allSatisfy {
            $0 == #"["\#(damage.problem)",\#(damage.table.map { "\"\($0)\"" } ?? "null")]"#
        }, "\(json.stdout)")
        #expect(try jq("keys_unsorted", json.stdout).split(separator: "\n").allSatisfy { $0 == #"["problem","table","id","detail"]"# })
    }

    @Test func theRowAtFaultIsNamed() throws {
        let cli = try Self.richScenario()
        _ = try cli.query("UPDATE thread SET brand_sent = 7 WHERE id = 2")
        let result = try cli.run("db", "check", "--json")
        #expect(try jq("[.problem, .table, .id, .detail]", result.stdout)
                == #"["thread_counters","thread",2,"brand_sent is 7 and creator_sent 1, but the thread has 2 brand and 1 creator messages"]"#)
        #expect(try cli.run("db", "check").stdout
                == "thread_counters: thread 2: brand_sent is 7 and creator_sent 1, but the thread has 2 brand and 1 creator messages\n")
    }

    /// What version 10 added (which a test drops to make an older schema): the notices' table, the
    /// lookup by number, the last-event time and the event log's shipment columns.
    static let undoVersion10 = "DROP TABLE shipment_notice; DROP INDEX shipment_by_number; ALTER TABLE shipment DROP COLUMN event_at; "
        + "ALTER TABLE event DROP COLUMN shipment_id; ALTER TABLE event DROP COLUMN status_at; "

    @Test func anOlderSchemaIsReportedListedAndMigratedOnlyWhenAsked() throws {
        let cli = try acceptedCreators(1)
        try cli.ok("message", "send", "summer-launch", "c01", "Hello", "-q")
        // Version 5 is version 6 without the shipments table (and its index); 7 changes only how SQLite writes its checks,
        // 8 adds a column to the shipments table, 9 one to the event log, 10 the rest of the shipments' news.
        _ = try cli.query(cli.sql(sqlite: "\(Self.undoVersion10)DROP TABLE shipment; ALTER TABLE event DROP COLUMN marked_read; PRAGMA user_version = 5",
                                  postgres: "\(Self.undoVersion10)DROP TABLE shipment; ALTER TABLE event DROP COLUMN marked_read; UPDATE campaignchat_schema SET version = 5"))
        let untouched = try Snapshot(cli)
        let info = try cli.run("db", "info", "--json")
        #expect(info.status == 0, "\(info.stderr)")
        #expect(try jq("[.schema_version, .supported_version, .schema, .usable, .pending_migrations, .counts.shipments, .counts.messages]", info.stdout)
                == #"[5,10,"older",true,5,null,1]"#)
        #expect(try cli.ok("db", "info").contains("version 5, older than this campaignchat's 10: the next command that writes upgrades it (or db migrate)"))
        let dryRun = try cli.run("db", "migrate", "--dry-run")
        #expect(dryRun.stdout == """
            6  shipments: the parcels whose tracking numbers went out in messages, and their status
            7  status checks written as comparisons: SQLite built a temporary index to check every row written
            8  shipments keep the carrier a sender named when campaignchat does not know it
            9  message_sent events say whether the send marked the thread read for the sender
            10  shipments take every carrier status, a last-event time and a lookup by number; notices and status changes are recorded apart
            5 pending: db migrate would upgrade the schema from version 5 to 10.

            """)
        #expect(try jq(".", cli.run("db", "migrate", "--dry-run", "--json").stdout) == #"""
            {"from":5,"to":10,"dry_run":true,"migrations":[{"version":6,"description":"shipments: the parcels whose tracking numbers went out in messages, and their status"},{"version":7,"description":"status checks written as comparisons: SQLite built a temporary index to check every row written"},{"version":8,"description":"shipments keep the carrier a sender named when campaignchat does not know it"},{"version":9,"description":"message_sent events say whether the send marked the thread read for the sender"},{"version":10,"description":"shipments take every carrier status, a last-event time and a lookup by number; notices and status changes are recorded apart"}]}
            """#)
        #expect(try cli.run("db", "check").status == 0, "an older schema is checked on the tables it has")
        #expect(try Snapshot(cli) == untouched, "info, check and the dry run wrote nothing")

        let migrated = try cli.run("db", "migrate")
        #expect(migrated.status == 0, "\(migrated.stderr)")
        #expect(migrated.stdout == """
            6  shipments: the parcels whose tracking numbers went out in messages, and their status
            7  status checks written as comparisons: SQLite built a temporary index to check every row written
            8  shipments keep the carrier a sender named when campaignchat does not know it
            9  message_sent events say whether the send marked the thread read for the sender
            10  shipments take every carrier status, a last-event time and a lookup by number; notices and status changes are recorded apart
            Upgraded the schema from version 5 to 10.

            """)
        #expect(try cli.query(cli.sql(sqlite: "PRAGMA user_version", postgres: "SELECT version FROM campaignchat_schema")) == "10")
        #expect(try jq("[.schema, .counts.shipments]", cli.run("db", "info", "--json").stdout) == #"["current",0]"#)
        #expect(try cli.run("db", "check").status == 0)
        #expect(try cli.ok("db", "migrate") == "The schema is at version 10, this campaignchat's: nothing to migrate.\n")
        #expect(try jq(".migrations", cli.run("db", "migrate", "--json").stdout) == "[]")
    }

    @Test func aCommandThatWritesStillUpgradesByItself() throws {
        let cli = try acceptedCreators(1)
        _ = try cli.query(cli.sql(sqlite: "\(Self.undoVersion10)DROP TABLE shipment; ALTER TABLE event DROP COLUMN marked_read; PRAGMA user_version = 5",
                                  postgres: "\(Self.undoVersion10)DROP TABLE shipment; ALTER TABLE event DROP COLUMN marked_read; UPDATE campaignchat_schema SET version = 5"))
        try cli.ok("campaign", "list")
        #expect(try jq(".schema", cli.run("db", "info", "--json").stdout) == #""current""#)
    }

    /// Version 7 is version 10 without version 10's additions, the shipment's carrier_name and the event log's marked_read: its shipments come through the upgrade.
    @Test func shipmentsRecordedUnderVersion7ComeThroughTheUpgrade() throws {
        let cli = try acceptedCreators(1)
        try cli.ok("message", "send", "summer-launch", "c01", "Your parcel", "--tracking", "1Z999AA10123456784")
        _ = try cli.query(cli.sql(sqlite: "\(Self.undoVersion10)ALTER TABLE shipment DROP COLUMN carrier_name; ALTER TABLE event DROP COLUMN marked_read; PRAGMA user_version = 7",
                                  postgres: "\(Self.undoVersion10)ALTER TABLE shipment DROP COLUMN carrier_name; ALTER TABLE event DROP COLUMN marked_read; UPDATE campaignchat_schema SET version = 7"))
        #expect(try jq("[.[] | [.number, .carrier, .carrier_name]]", cli.ok("shipment", "list", "--json"))
                == #"[["1Z999AA10123456784","ups","UPS"]]"#)
        #expect(try jq("[.schema, .schema_version]", cli.run("db", "info", "--json").stdout) == #"["current",10]"#)
        #expect(try cli.run("db", "check").status == 0)
    }

    /// Version 8 is version 9 without the event log's marked_read: every send of its log marked the thread read
    /// for the sender but a shipment notice, and the upgrade says so.
    @Test func sendsRecordedUnderVersion8SayWhetherTheyMarkedTheThreadRead() throws {
        let cli = try acceptedCreators(1)
        try cli.ok("message", "send", "summer-launch", "c01", "Your parcel", "--tracking", "1Z999AA10123456784", "-q")
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "Thanks!", "-q")
        try cli.ok("shipment", "mark", "summer-launch", "c01", "1Z999AA10123456784", "delivered", "--notify", "-q")
        // Before version 10, a notice was the brand's message keyed shipment:ID:STATUS.
        let keyed = "UPDATE message SET idempotency_key = 'shipment:1:delivered' WHERE id IN (SELECT message_id FROM shipment_notice); "
        _ = try cli.query(cli.sql(sqlite: "\(keyed)\(Self.undoVersion10)ALTER TABLE event DROP COLUMN marked_read; PRAGMA user_version = 8",
                                  postgres: "\(keyed)\(Self.undoVersion10)ALTER TABLE event DROP COLUMN marked_read; UPDATE campaignchat_schema SET version = 8"))
        #expect(try cli.run("db", "migrate").status == 0)
        let sends = try cli.ok("events", "--json")
        #expect(try jq(#"[inputs | select(.event == "message_sent") | [.message.from, .marked_read]]"#, "null\n" + sends)
                == #"[["brand",true],["creator",true],["brand",false]]"#)
        #expect(try cli.run("db", "check").status == 0)
    }

    @Test func writersStartingTogetherOnAnOlderSchemaMigrateItOnce() throws {
        let cli = try acceptedCreators(4)
        _ = try cli.query(cli.sql(sqlite: "\(Self.undoVersion10)DROP TABLE shipment; ALTER TABLE event DROP COLUMN marked_read; PRAGMA user_version = 5",
                                  postgres: "\(Self.undoVersion10)DROP TABLE shipment; ALTER TABLE event DROP COLUMN marked_read; UPDATE campaignchat_schema SET version = 5"))
        // Six processes, each the first write of a newer campaignchat: one applies the migrations, the others wait for it.
        let script = #""$BIN" message send summer-launch c0$(( W % 4 + 1 )) "from writer $W" -q"#
        let (statuses, stderr) = try runWriters(cli, script, count: 6)
        #expect(statuses == Array(repeating: 0, count: 6), "\(stderr)")
        #expect(try cli.query("SELECT count(*) FROM message") == "6")
        #expect(try jq("[.schema, .schema_version]", cli.run("db", "info", "--json").stdout) == #"["current",10]"#)
        #expect(try cli.run("db", "check").status == 0)
    }

    @Test func aNewerSchemaIsShownByInfoAndRefusedByTheOthers() throws {
        let cli = try acceptedCreators(1)
        _ = try cli.query(cli.sql(sqlite: "PRAGMA user_version = 11", postgres: "UPDATE campaignchat_schema SET version = 11"))
        let untouched = try Snapshot(cli)
        #expect(try jq("[.schema_version, .schema, .usable]", cli.run("db", "info", "--json").stdout) == #"[11,"newer",false]"#)
        for command in [["db", "check"], ["db", "migrate", "--dry-run"], ["db", "migrate"]] {
            let result = try cli.run(command)
            #expect(result.status == 78, "\(command): \(result.stderr)")
            #expect(result.stderr.hasPrefix("Error: ") && result.stderr.contains("newer campaignchat (schema version 11"))
        }
        #expect(try Snapshot(cli) == untouched)
    }

    @Test func readingCommandsNeedADatabaseAndCreateNone() throws {
        let cli = Sandbox()
        for command in [["db", "info"], ["db", "check"], ["db", "migrate", "--dry-run"]] {
            let result = try cli.run(command)
            #expect(result.status == 66, "\(command): \(result.stderr)")
            #expect(result.stderr.hasPrefix("Error: no database at "))
            if cli.schema != nil {
                #expect(result.stderr.contains(": it holds no campaignchat tables yet"), "the database is there: \(result.stderr)")
            }
        }
        #expect(try cli.databaseCreated == false)
    }

    @Test func theDatabaseIsAdministeredByTheBrandOnly() throws {
        let cli = try acceptedCreators(1)
        for command in [["db", "info"], ["db", "check"], ["db", "migrate"], ["db", "backup", "copy.db"]] {
            let result = try cli.run(["--as", "c01"] + command)
            #expect(result.status == 77, "\(command)")
            #expect(result.stderr == "Error: only the brand can administer the database\n")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.path("copy.db")))
    }

    @Test func infoShowsEveryCount() throws {
        let cli = try Self.richScenario()
        let counts = try jq(".counts", cli.run("db", "info", "--json").stdout)
        let events = try cli.query("SELECT count(*) FROM event")
        #expect(counts == """
            {"campaigns":1,"groups":1,"creators":3,"memberships":3,"threads":2,"messages":6,"notifications":4,\
            "pending_notifications":2,"failed_notifications":0,"feedback":1,"shipments":2,"events":\(events)}
            """)
        let human = try cli.ok("db", "info")
        #expect(human.contains("\nmessages               6\n") && human.contains("\npending notifications  2\n"))
        let shown = try cli.run("db", "info", "--json").stdout
        #expect(try jq(".engine", shown) == (cli.engine == .sqlite ? #""sqlite""# : #""postgresql""#))
        if cli.engine == .sqlite { #expect(try jq(".location", shown) == "\"\(cli.databasePath)\"") }
    }
}

/// What a database looks like from outside, to prove a command left it as it was: the SQLite
/// file's bytes and the files beside it, or the PostgreSQL schema's version and tables.
struct Snapshot: Equatable {
    let contents: String

    init(_ cli: Sandbox) throws {
        if cli.engine == .sqlite {
            let files = try FileManager.default.contentsOfDirectory(atPath: cli.folder.path).filter { $0.hasPrefix("chat.db") }.sorted()
            contents = files.joined(separator: ",") + ":" + (try Data(contentsOf: URL(fileURLWithPath: cli.databasePath)).base64EncodedString())
        } else {
            contents = try cli.query("""
                SELECT (SELECT version FROM campaignchat_schema) || ':' || string_agg(table_name, ',' ORDER BY table_name)
                FROM information_schema.tables WHERE table_schema = current_schema()
                """)
        }
    }
}
