/// One promise of the docs (docs/administration.md), checked on the data with one SELECT that returns a row per
/// violation: the id of the row at fault (or NULL) and a line that says what is wrong.
///
/// The checks below are standard SQL that SQLite and PostgreSQL run as written, as
/// `StoredQueries` are; each engine adds what only it has (its integrity check, its search
/// index, its catalog).
public struct InvariantCheck: Sendable {
    public let kind: DatabaseProblem.Kind
    /// The table the rows at fault are in.
    public let table: String
    /// Every table the SQL reads: a schema without one of them (an older version, or a table
    /// reported missing) skips the check.
    public let reads: Set<String>
    /// `id, detail` for each row at fault, in id order.
    public let sql: String

    public init(_ kind: DatabaseProblem.Kind, table: String, reads: Set<String>, sql: String) {
        self.kind = kind
        self.table = table
        self.reads = reads
        self.sql = sql
    }

    /// Runs each check whose tables `tables` has, reporting what it finds; the number run.
    public static func run(_ checks: [InvariantCheck], tables: Set<String>, on connection: some SQLConnection,
                           report: (DatabaseProblem) throws -> Void) throws -> Int {
        var run = 0
        for check in checks where check.reads.isSubset(of: tables) {
            run += 1
            for found in try connection.rows(check.sql, [], { row in (id: row.isNull(0) ? nil : row.int64(0), detail: row.text(1)) }) {
                try report(DatabaseProblem(check.kind, table: check.table, id: found.id, detail: found.detail))
            }
        }
        return run
    }

    /// `CAST(value AS TEXT)`, for details built in SQL.
    private static func text(_ value: String) -> String { "CAST(\(value) AS TEXT)" }

    /// The checks every engine runs as they are.
    public static let shared: [InvariantCheck] = [
        InvariantCheck(.threadCounters, table: "thread", reads: ["thread", "message"], sql: """
            SELECT t.id, 'brand_sent is ' || \(text("t.brand_sent")) || ' and creator_sent ' || \(text("t.creator_sent"))
                   || ', but the thread has ' || \(text("coalesce(m.brand, 0)")) || ' brand and '
                   || \(text("coalesce(m.creator, 0)")) || ' creator messages'
            FROM thread t
            LEFT JOIN (SELECT thread_id, sum(CASE WHEN sender = 'brand' THEN 1 ELSE 0 END) AS brand,
                              sum(CASE WHEN sender = 'creator' THEN 1 ELSE 0 END) AS creator
                       FROM message GROUP BY thread_id) m ON m.thread_id = t.id
            WHERE t.brand_sent <> coalesce(m.brand, 0) OR t.creator_sent <> coalesce(m.creator, 0)
            ORDER BY t.id
            """),
        InvariantCheck(.readPosition, table: "thread", reads: ["thread"], sql: """
            SELECT t.id, 'brand_read is ' || \(text("t.brand_read")) || ' of ' || \(text("t.creator_sent"))
                   || ' creator messages, creator_read ' || \(text("t.creator_read")) || ' of ' || \(text("t.brand_sent")) || ' brand messages'
            FROM thread t
            WHERE t.brand_read < 0 OR t.brand_read > t.creator_sent OR t.creator_read < 0 OR t.creator_read > t.brand_sent
            ORDER BY t.id
            """),
        InvariantCheck(.lastMessage, table: "thread", reads: ["thread", "message"], sql: """
            SELECT t.id, 'last_message_id is ' || coalesce(\(text("t.last_message_id")), 'null') || ' at '
                   || coalesce(t.last_message_at, 'null') || ', but its newest message is ' || \(text("m.id")) || ' at ' || m.sent_at
            FROM thread t
            JOIN message m ON m.id = (SELECT max(id) FROM message WHERE thread_id = t.id)
            WHERE coalesce(t.last_message_id, 0) <> m.id OR coalesce(t.last_message_at, '') <> m.sent_at
            ORDER BY t.id
            """),
        InvariantCheck(.threadWithoutMessage, table: "thread", reads: ["thread", "message"], sql: """
            SELECT t.id, 'the thread has no message' FROM thread t
            WHERE NOT EXISTS (SELECT 1 FROM message m WHERE m.thread_id = t.id)
            ORDER BY t.id
            """),
        InvariantCheck(.senderSequence, table: "message", reads: ["message"], sql: """
            SELECT id, 'sender_seq is ' || \(text("sender_seq")) || ', but it is message ' || \(text("place")) || ' of the '
                   || sender || ' in thread ' || \(text("thread_id"))
            FROM (SELECT id, thread_id, sender, sender_seq, row_number() OVER (PARTITION BY thread_id, sender ORDER BY id) AS place
                  FROM message) numbered
            WHERE sender_seq <> place
            ORDER BY id
            """),
        InvariantCheck(.missingNotification, table: "message", reads: ["message", "notification"], sql: """
            SELECT m.id, 'the brand message has no push notification' FROM message m
            WHERE m.sender = 'brand' AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.message_id = m.id)
            ORDER BY m.id
            """),
        InvariantCheck(.unexpectedNotification, table: "notification", reads: ["message", "notification"], sql: """
            SELECT n.id, 'it notifies of message ' || \(text("m.id")) || ', which the creator sent'
            FROM notification n JOIN message m ON m.id = n.message_id
            WHERE m.sender = 'creator'
            ORDER BY n.id
            """),
        InvariantCheck(.notificationOwner, table: "notification", reads: ["message", "notification", "thread"], sql: """
            SELECT n.id, 'it is for campaign ' || \(text("n.campaign_id")) || ' and creator ' || \(text("n.creator_id"))
                   || ', but message ' || \(text("m.id")) || ' is in the thread of campaign ' || \(text("t.campaign_id"))
                   || ' and creator ' || \(text("t.creator_id"))
            FROM notification n JOIN message m ON m.id = n.message_id JOIN thread t ON t.id = m.thread_id
            WHERE n.campaign_id <> t.campaign_id OR n.creator_id <> t.creator_id
            ORDER BY n.id
            """),
        InvariantCheck(.eventNotPruned, table: "event", reads: ["event", "event_horizon"], sql: """
            SELECT e.id, 'the event is below cursor ' || \(text("h.pruned_before")) || ', before which the events were pruned'
            FROM event e JOIN event_horizon h ON e.id < h.pruned_before
            ORDER BY e.id
            """),
        InvariantCheck(.eventHorizon, table: "event_horizon", reads: ["event_horizon"], sql: """
            SELECT CAST(NULL AS BIGINT), 'the table has ' || \(text("h.n")) || ' rows, not one'
            FROM (SELECT count(*) AS n FROM event_horizon) h WHERE h.n <> 1
            """),
        InvariantCheck(.shipmentMessage, table: "shipment", reads: ["shipment", "message", "thread"], sql: """
            SELECT s.id, 'it is for campaign ' || \(text("s.campaign_id")) || ' and creator ' || \(text("s.creator_id"))
                   || ', but its message ' || \(text("m.id")) || ' is a ' || m.sender || ' message in the thread of campaign '
                   || \(text("t.campaign_id")) || ' and creator ' || \(text("t.creator_id"))
            FROM shipment s JOIN message m ON m.id = s.message_id JOIN thread t ON t.id = m.thread_id
            WHERE s.campaign_id <> t.campaign_id OR s.creator_id <> t.creator_id OR m.sender <> 'brand'
            ORDER BY s.id
            """),
        InvariantCheck(.shipmentNotice, table: "shipment_notice", reads: ["shipment_notice", "shipment", "message", "thread"], sql: """
            SELECT n.message_id, 'the notice of shipment ' || \(text("s.id")) || ' (' || n.status || ') is message ' || \(text("m.id"))
                   || ', a ' || m.sender || ' message in the thread of campaign ' || \(text("t.campaign_id")) || ' and creator '
                   || \(text("t.creator_id"))
            FROM shipment_notice n JOIN shipment s ON s.id = n.shipment_id JOIN message m ON m.id = n.message_id
            JOIN thread t ON t.id = m.thread_id
            WHERE s.campaign_id <> t.campaign_id OR s.creator_id <> t.creator_id OR m.sender <> 'brand'
               OR n.status NOT IN (\(ShipmentStatus.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")))
            ORDER BY n.message_id
            """),
    ]
}
