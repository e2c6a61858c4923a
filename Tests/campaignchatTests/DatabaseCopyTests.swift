import Foundation
import Testing

/// `db copy`: a whole history into an empty database of either engine, through the binary.
@Suite struct DatabaseCopy {
    static let template = "Hi {name}, your {carrier} tracking number is {tracking_number}."
    static let bulk = """
        handle,tracking,carrier
        c01,1Z999AA10000000015,UPS
        c02,1Z999AA10000000024,UPS
        c03,1Z999AA10000000033,UPS
        c05,1Z999AA10000000042,UPS

        """
    static let creators = ["c01", "c02", "c03", "c04", "c05"]

    /// A history with something in every table and every column that can hold something: an
    /// archived campaign, a bulk send with shipments, replies, reads, mark-unread, a favorite,
    /// a removed creator, feedback, keys, deliveries that failed and succeeded, a lease, a
    /// marked shipment with its notice, and events of which the first were pruned.
    static func richHistory() throws -> Sandbox {
        let cli = try acceptedCreators(4, engine: .sqlite)
        try cli.ok("creator", "add", "c05", "--name", "No Device")
        try cli.ok("creator", "invite", "summer-launch", "A", "c05")
        try cli.ok("creator", "accept", "summer-launch", "c05")
        try cli.ok("campaign", "create", "Old Launch")
        try cli.ok("campaign", "archive", "old-launch")
        let sent = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", template, "--json"], stdin: Data(bulk.utf8))
        #expect(sent.status == 0, "\(sent.stderr)")
        try cli.ok("message", "send", "summer-launch", "c04", "Before you go", "--key", "farewell")
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "Got it, thanks!")
        try cli.ok("--as", "c02", "message", "send", "summer-launch", "c02", "Where is my parcel?", "--key", "ask-1")
        try cli.ok("--as", "c02", "message", "send", "summer-launch", "c02", "Still waiting")
        try cli.ok("thread", "read", "summer-launch", "c01")
        try cli.ok("thread", "read", "summer-launch", "c02")
        try cli.ok("thread", "mark-unread", "summer-launch", "c02")
        try cli.ok("--as", "c03", "thread", "read", "summer-launch", "c03")
        try cli.ok("creator", "favorite", "summer-launch", "c01")
        try cli.ok("creator", "remove", "summer-launch", "c04")
        try cli.ok("feedback", "add", "summer-launch", "c01", "Great reel, post it Friday")
        try cli.ok("push", "deliver", "--exec", #"cat > /dev/null; test "$CAMPAIGNCHAT_PUSH_CREATOR" != @c02 || { echo gateway down >&2; exit 3; }"#)
        try cli.ok("shipment", "mark", "summer-launch", "c01", "1Z999AA10000000015", "delivered", "--notify")
        // A parcel of a carrier campaignchat does not know keeps the carrier's name as the row gave it.
        try cli.ok("message", "send", "--bulk", "-", "summer-launch", "--template", "Your {carrier} parcel: {tracking}",
                   stdin: "handle,tracking,carrier\nc03,PARCEL-7,DHL Paket\n")
        try cli.ok("db", "prune-events", "--before", "4")
        // A deliverer's lease, as a copy taken mid-delivery would find it.
        _ = try cli.query("UPDATE notification SET lease_until = '2030-01-01T00:00:00.000Z', lease_owner = 'host:42' WHERE state = 'pending'")
        return cli
    }

    /// What every reader sees, command by command: equal on the source and on every copy.
    static func views(_ cli: Sandbox) throws -> [String: String] {
        var views: [String: String] = [
            "export": try cli.ok("thread", "export", "--format", "jsonl"),
            "unread brand": try cli.ok("unread", "list", "--json"),
            "push": try cli.ok("push", "list", "--json"),
            "shipments": try cli.ok("shipment", "list", "--json"),
            "events": try cli.ok("events"),
            "feedback": try cli.ok("feedback", "list", "summer-launch", "--json"),
            "threads": try cli.ok("thread", "list", "--json"),
            "campaigns": try cli.ok("campaign", "list", "--all", "--json"),
            "members": try cli.ok("creator", "list", "summer-launch", "--json"),
            "creators": try cli.ok("creator", "list", "--json"),
            "groups": try cli.ok("group", "list", "summer-launch", "--json"),
            "db info counts": try jq(".counts", cli.ok("db", "info", "--json")),
            // Ranking differs between the engines' full-text search; what is found may not.
            "search number": try jq("sort_by(.id)", cli.ok("message", "search", "1Z999AA10000000024", "--json")),
            "search word": try jq("sort_by(.id)", cli.ok("message", "search", "parcel OR thanks", "--json")),
        ]
        for handle in creators {
            views["unread \(handle)"] = try cli.ok("--as", handle, "unread", "list", "--json")
            views["events \(handle)"] = try cli.ok("--as", handle, "events")
        }
        return views
    }

    /// Every row of every table, as the engine's shell prints it (a flag as 0 or 1), and what
    /// the event log pruned.
    static func rows(_ cli: Sandbox) throws -> [String: String] {
        let tables: [(String, String, String)] = [
            ("campaign", "id, slug, name, created_at, archived_at", "id"),
            ("creator", "id, handle, name, created_at, push_token", "id"),
            ("creator_group", "id, campaign_id, name, created_at", "id"),
            ("membership", "campaign_id, creator_id, group_id, status, \(cli.sql(sqlite: "favorite", postgres: "favorite::int")), updated_at",
             "campaign_id, creator_id"),
            ("thread", "id, campaign_id, creator_id, created_at, brand_sent, creator_sent, brand_read, creator_read, last_message_id, last_message_at", "id"),
            ("message", "id, thread_id, sender, sender_seq, body, sent_at, idempotency_key", "id"),
            ("notification", "id, message_id, campaign_id, creator_id, preview, state, attempts, next_attempt_at, lease_until, lease_owner, "
                + "last_exit_code, last_error, created_at, delivered_at", "id"),
            ("feedback", "id, campaign_id, creator_id, body, created_at", "id"),
            ("shipment", "id, campaign_id, creator_id, carrier, number, message_id, status, status_at, created_at, carrier_name", "id"),
            ("event", "id, kind, campaign_id, creator_id, message_id, side, unread, status, previous_status, notification_id, attempts, created_at", "id"),
            ("event_horizon", "pruned_before", "pruned_before"),
        ]
        var rows: [String: String] = [:]
        for (table, columns, order) in tables { rows[table] = try cli.query("SELECT \(columns) FROM \(table) ORDER BY \(order)") }
        return rows
    }

    /// Copies `source` into `target` (empty) and checks that the copy reads as the source does.
    static func copy(_ source: Sandbox, into target: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (before, rowsBefore) = (try views(source), try rows(source))
        let copied = try source.run("db", "copy", "--to", target.database, "--json")
        #expect(copied.status == 0, "\(copied.stderr)", sourceLocation: sourceLocation)
        #expect(copied.stderr == "", "no progress when stderr is not a terminal", sourceLocation: sourceLocation)
        #expect(try jq("[.counts.messages, .counts.events, .counts.notifications, .counts.shipments, .events_pruned_before]", copied.stdout)
                == "[\(try source.query("SELECT count(*) FROM message")),\(try source.query("SELECT count(*) FROM event")),"
                   + "\(try source.query("SELECT count(*) FROM notification")),\(try source.query("SELECT count(*) FROM shipment")),4]",
                sourceLocation: sourceLocation)
        let after = try views(target)
        for (name, view) in before { #expect(after[name] == view, "\(name) differs in the copy", sourceLocation: sourceLocation) }
        #expect(try rows(target) == rowsBefore, "every row is copied as it was", sourceLocation: sourceLocation)
        #expect(try views(source) == before && rows(source) == rowsBefore, "the source is unchanged", sourceLocation: sourceLocation)
        try checkInvariants(target, sourceLocation: sourceLocation)
    }

    /// Re-running the bulk file replays every row; the next message and event get the next ids.
    static func checkContinues(_ copies: [Sandbox], sourceLocation: SourceLocation = #_sourceLocation) throws {
        var next: Set<String> = []
        for cli in copies {
            // First: on PostgreSQL a replayed row still draws an id from the sequence (a gap).
            let sent = try cli.ok("message", "send", "summer-launch", "c03", "After the move", "--json")
            next.insert(try [jq(".id", sent), cli.query("SELECT max(id) FROM event"), cli.query("SELECT max(id) FROM notification")].joined(separator: " "))
            let replay = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", template, "--json"], stdin: Data(bulk.utf8))
            #expect(replay.status == 0, "\(replay.stderr)", sourceLocation: sourceLocation)
            #expect(try jq("[inputs | .status] | unique", "null\n" + replay.stdout) == #"["replayed"]"#, sourceLocation: sourceLocation)
            #expect(try cli.run("events", "--after", "1").status == 66, "the prune horizon came along", sourceLocation: sourceLocation)
        }
        #expect(next.count == 1, "every copy hands out the same next ids: \(next)", sourceLocation: sourceLocation)
    }

    @Test func aCopyIntoAnotherSQLiteFileReadsAsTheSourceAndGoesOnWithTheNextIDs() throws {
        let source = try Self.richHistory()
        let target = Sandbox(engine: .sqlite)
        try Self.copy(source, into: target)
        let indexed = "SELECT count(*) FROM message_fts WHERE message_fts MATCH 'parcel OR thanks OR tracking'"
        #expect(try target.query(indexed) == source.query(indexed) && source.query(indexed) != "0", "the search index holds the copy")
        try Self.checkContinues([source, target])
    }

    @Test(.enabled(if: Sandbox.server != nil, "needs CAMPAIGNCHAT_TEST_DB: run bash scripts/test"))
    func aHistoryRoundTripsFromSQLiteThroughPostgreSQLAndBackUnchanged() throws {
        let source = try Self.richHistory()
        let (server, other, back) = (Sandbox(engine: .postgres), Sandbox(engine: .postgres), Sandbox(engine: .sqlite))
        try Self.copy(source, into: server)
        try Self.copy(server, into: other)
        try Self.copy(other, into: back)
        try Self.checkContinues([source, server, other, back])
    }

    @Test func aTargetThatIsNotEmptyOrIsTheSourceIsRefusedWith73AndNothingIsWritten() throws {
        let source = try acceptedCreators(2, engine: .sqlite)
        try source.ok("message", "send", "summer-launch", "c01", "Hello")
        let target = try acceptedCreators(1, engine: .sqlite)
        let (sourceRows, targetRows) = (try Self.rows(source), try Self.rows(target))
        let refused = try source.run("db", "copy", "--to", target.database)
        #expect(refused.status == 73)
        #expect(refused.stderr == "Error: cannot copy into '\(target.database)': it is not empty (it holds campaigns: 1, creators: 1, "
                + "groups: 1, memberships: 1, events: 2); db copy writes only into an empty database; nothing was written\n")
        #expect(try Self.rows(target) == targetRows)

        let pruned = Sandbox(engine: .sqlite)
        // An empty database's edge can only be moved to 1 (past the newest event is refused), which still counts.
        try pruned.ok("db", "prune-events", "--before", "1")
        let prunedRows = try Self.rows(pruned)
        let horizon = try source.run("db", "copy", "--to", pruned.database)
        #expect(horizon.status == 73)
        #expect(horizon.stderr.contains("it is not empty (it holds events pruned before 1)"), "\(horizon.stderr)")
        #expect(try Self.rows(pruned) == prunedRows)

        // The same file under another name.
        try FileManager.default.createSymbolicLink(atPath: source.path("link.db"), withDestinationPath: source.databasePath)
        for name in [source.databasePath, source.path("link.db"), "./chat.db"] {
            let same = try source.run("db", "copy", "--to", name)
            #expect(same.status == 73)
            #expect(same.stderr == "Error: cannot copy '\(source.databasePath)' into itself: --to names the database being copied; nothing was written\n")
        }
        #expect(try Self.rows(source) == sourceRows)
    }

    @Test(.enabled(if: Sandbox.server != nil, "needs CAMPAIGNCHAT_TEST_DB: run bash scripts/test"))
    func aPostgreSQLTargetThatIsNotEmptyOrIsTheSourceIsRefusedWith73() throws {
        let source = try acceptedCreators(1, engine: .sqlite)
        let target = try acceptedCreators(1, engine: .postgres)
        let targetRows = try Self.rows(target)
        let refused = try source.run("db", "copy", "--to", target.database)
        #expect(refused.status == 73)
        #expect(refused.stderr.hasPrefix("Error: cannot copy into 'postgresql://") && refused.stderr.contains("it is not empty"), "\(refused.stderr)")
        #expect(try Self.rows(target) == targetRows)
        // The same schema, reached through libpq's key=value form.
        let sameSchema = PostgresEngine.keyValueForm("options='-csearch_path=\(try #require(target.schema))'")
        let same = try target.run("db", "copy", "--to", sameSchema)
        #expect(same.status == 73)
        #expect(same.stderr.contains("into itself"), "\(same.stderr)")
        #expect(try Self.rows(target) == targetRows)
    }

    /// A mistyped --db is no empty database to copy: 66, as db info says, and neither it nor the target is created.
    @Test func aSourceThatDoesNotExistIs66AndCreatesNothing() throws {
        let cli = Sandbox(engine: .sqlite)
        let (missing, target) = (cli.path("typo/x.db"), cli.path("copy.db"))
        let result = try cli.run("--db", missing, "db", "copy", "--to", target)
        #expect(result.status == 66, "\(result.stderr)")
        #expect(result.stderr == "Error: no database at '\(missing)'\n")
        #expect(!FileManager.default.fileExists(atPath: cli.path("typo")))
        #expect(!FileManager.default.fileExists(atPath: target))
        // An empty file is no campaignchat database either, and stays empty.
        let empty = cli.path("empty.db")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let fromEmpty = try cli.run("--db", empty, "db", "copy", "--to", target)
        #expect(fromEmpty.status == 66, "\(fromEmpty.stderr)")
        #expect(fromEmpty.stderr.contains("it holds no campaignchat tables yet"), "\(fromEmpty.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test(.enabled(if: Sandbox.server != nil, "needs CAMPAIGNCHAT_TEST_DB: run bash scripts/test"))
    func aPostgreSQLSourceWithoutCampaignchatTablesIs66AndGetsNone() throws {
        let source = Sandbox(engine: .postgres)
        let target = Sandbox(engine: .sqlite).path("copy.db")
        let result = try source.run("db", "copy", "--to", target)
        #expect(result.status == 66, "\(result.stderr)")
        #expect(result.stderr.contains("it holds no campaignchat tables yet"), "\(result.stderr)")
        #expect(try source.query("SELECT count(*) FROM pg_tables WHERE schemaname = '\(try #require(source.schema))'") == "0")
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func aTargetThatCannotBeUsedFailsWithItsOwnCodeAndWritesNothing() throws {
        let cli = try acceptedCreators(1, engine: .sqlite)
        try "not a database\n".write(toFile: cli.path("notes.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: cli.path("folder"), withIntermediateDirectories: false)
        let rows = try Self.rows(cli)
        let targets: [(String, Int32, String)] = [
            (cli.path("notes.txt/copy.db"), 73, "Error: cannot create the database at"),
            (cli.path("folder"), 74, "Error: cannot open the database"),
            (cli.path("notes.txt"), 78, "Error: '\(cli.path("notes.txt"))' is not a campaignchat database"),
            ("postgresql://chat@/campaignchat?host=/nonexistent/campaignchat", 69, "Error: cannot connect to PostgreSQL at postgresql://chat@/campaignchat"),
        ]
        for (target, status, message) in targets {
            let result = try cli.run("db", "copy", "--to", target)
            #expect(result.status == status, "\(target): \(result.stderr)")
            #expect(result.stderr.hasPrefix(message) && result.stderr.split(separator: "\n").count == 1, "\(target): \(result.stderr)")
        }
        #expect(try String(contentsOfFile: cli.path("notes.txt"), encoding: .utf8) == "not a database\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.path("folder")).isEmpty)
        #expect(try cli.run("db", "copy", "--to", "").status == 64)
        #expect(try cli.run("db", "copy").status == 64)
        let creator = try cli.run("--as", "c01", "db", "copy", "--to", cli.path("theirs.db"))
        #expect(creator.status == 77)
        #expect(creator.stderr == "Error: only the brand can copy the database\n")
        #expect(!FileManager.default.fileExists(atPath: cli.path("theirs.db")), "a creator's copy is refused before the target is made")
        #expect(try Self.rows(cli) == rows)
    }

    @Test func eventCursorsPrunedInTheSourceAreNeverHandedOutAgain() throws {
        let source = try acceptedCreators(2, engine: .sqlite)
        let latest = try source.query("SELECT max(id) FROM event")
        try source.ok("db", "prune-events", "--before", String(Int(latest)! + 1))
        #expect(try source.query("SELECT count(*) FROM event") == "0")
        var targets = [Sandbox(engine: .sqlite)]
        if Sandbox.server != nil { targets.append(Sandbox(engine: .postgres)) }
        for target in targets { try source.ok("db", "copy", "--to", target.database) }
        for target in [source] + targets {
            #expect(try target.ok("events") == "")
            try target.ok("message", "send", "summer-launch", "c01", "Hello")
            #expect(try jq(".cursor", target.ok("events")) == String(Int(latest)! + 1), "the next cursor follows the pruned ones")
        }
    }

    @Test func progressIsShownInPlaceOnATerminalOnly() throws {
        let cli = try acceptedCreators(1, engine: .sqlite)
        try cli.ok("message", "send", "summer-launch", "c01", "Hello")
        let terminal = try cli.shell(#"script -qec '"$BIN" db copy --to copy.db' /dev/null"#)
        #expect(terminal.status == 0, "\(terminal.stdout)")
        #expect(terminal.stdout.contains("\rcopying messages: 1 of 1\u{1B}[K"), "\(terminal.stdout.debugDescription)")
        #expect(terminal.stdout.contains("\r\u{1B}[KCopied '\(cli.databasePath)' into 'copy.db' (campaigns: 1, creators: 1, groups: 1, "
                                         + "memberships: 1, threads: 1, messages: 1, notifications: 1, feedback: 0, shipments: 0, shipment_notices: 0, events: 3)."),
                "the line is cleared before the summary: \(terminal.stdout.debugDescription)")
        let piped = try cli.run("db", "copy", "--to", "piped.db", "--json")
        #expect(piped.stderr == "")
        #expect(try jq(".counts", piped.stdout) == #"{"campaigns":1,"creators":1,"groups":1,"memberships":1,"threads":1,"messages":1,"notifications":1,"feedback":0,"shipments":0,"shipment_notices":0,"events":3}"#)
        #expect(try jq("[.from, .to, .events_pruned_before]", piped.stdout) == "[\"\(cli.databasePath)\",\"piped.db\",0]")
    }

    @Test func anInterruptedCopyLeavesTheTargetEmptyAndCanBeRunAgain() throws {
        let cli = try acceptedCreators(1, engine: .sqlite)
        try cli.ok("message", "send", "summer-launch", "c01", "Hello")
        _ = try cli.query("""
            WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
            INSERT INTO message (thread_id, sender, sender_seq, body, sent_at)
              SELECT 1, 'creator', i - 1, printf('Message %d: where is my parcel?', i), '2026-01-01T00:00:00.000Z' FROM n;
            UPDATE thread SET creator_sent = 199999, last_message_id = 200000;
            INSERT INTO message_fts (rowid, body) SELECT id, body FROM message WHERE id > 1;
            """)
        let run = try launch(cli, ["db", "copy", "--to", "copy.db"], name: "copy")
        // Interrupt once the copy's transaction has spilled into the target's write-ahead log.
        let deadline = Date().addingTimeInterval(60)
        while run.isRunning && Date() < deadline,
              ((try? FileManager.default.attributesOfItem(atPath: cli.path("copy.db-wal"))[.size] as? Int) ?? 0) < 1 << 20 {
            usleep(5_000)
        }
        kill(run.processIdentifier, SIGINT)
        run.waitUntilExit()
        #expect(run.terminationStatus == 130)
        #expect(try String(contentsOfFile: cli.path("copy.err"), encoding: .utf8).hasPrefix("Error: interrupted"))
        let target = Sandbox(engine: .sqlite)
        target.environment["CAMPAIGNCHAT_DB"] = cli.path("copy.db")
        #expect(try target.query("SELECT (SELECT count(*) FROM campaign) + (SELECT count(*) FROM message)") == "0", "nothing of it was committed")
        try cli.ok("db", "copy", "--to", "copy.db")
        #expect(try target.query("SELECT count(*) FROM message") == "200000")
    }
}
