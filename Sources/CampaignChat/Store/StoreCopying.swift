/// What `db copy` needs of an engine: every row of every table as plain values, read in one
/// snapshot, and written back with the same ids into an empty store in one transaction. The
/// tables are listed once, here, and copied by the SQL written once (`SQLStoreCopy`).
public protocol StoreCopying: AnyObject {
    /// Names the database itself, whatever string reached it (a symbolic link, a URL or the
    /// key=value form), so that a copy into itself is refused.
    func databaseIdentity() throws -> String
    /// The copy's reads and writes on the store's connection, inside its `read` (one snapshot: a
    /// copy taken while others write is consistent) or its `write` (all of the copy commits, or none).
    func copyRows() -> any CopyWriting
}

/// The rows of a store, table by table.
public protocol CopyReading {
    func rowCount(of table: CopiedTable) throws -> Int
    /// Every row in the order of the table's key, its values in the order of its columns,
    /// handed over one at a time: memory does not grow with the table.
    func forEachRow(of table: CopiedTable, _ body: ([SQLValue]) throws -> Void) throws
    /// The highest id the table has handed out (0 for none), which may be above its rows:
    /// pruned events, a rolled-back write on PostgreSQL.
    func highestID(of table: CopiedTable) throws -> Int64
    /// The cursor below which events were pruned (0 when none were).
    func eventsPrunedBefore() throws -> Int64
}

/// Writing copied rows, inside `writeForCopy`.
public protocol CopyWriting: CopyReading {
    /// Inserts rows as read, ids included, in one round trip or statement where the engine can.
    func insert(_ rows: [[SQLValue]], into table: CopiedTable) throws
    /// What the store's own writes keep in step, once every row is in: new ids continue after
    /// `highestIDs` (by table name), the search index holds every message, the event log
    /// remembers what was pruned.
    func finishCopy(highestIDs: [String: Int64], eventsPrunedBefore: Int64) throws
}

/// A column, with the kind of value it holds: each engine reads and binds it in its own type.
public struct CopiedColumn: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case integer, text
        /// A yes/no flag: 0 or 1 on SQLite, a boolean on PostgreSQL; copied as `.bool`.
        case flag
    }

    public let name: String
    public let kind: Kind
}

/// A table `db copy` carries over.
public struct CopiedTable: Hashable, Sendable {
    public let name: String
    /// What its rows are, for progress and the summary: `messages`.
    public let label: String
    public let columns: [CopiedColumn]
    /// The columns rows are read in the order of: the primary key.
    public let key: [String]

    /// Whether the store hands out its ids (and must go on after the copied ones).
    public var hasID: Bool { key == ["id"] }

    /// Every row in key order, its columns in order: the same SELECT on every engine.
    public var selectAll: String {
        "SELECT \(columns.map(\.name).joined(separator: ", ")) FROM \(name) ORDER BY \(key.joined(separator: ", "))"
    }

    /// A row as read by `selectAll`, its values in the order of the columns.
    public func values(of row: some StoredRow) -> [SQLValue] {
        columns.indices.map { index in
            let column = Int32(index)
            if row.isNull(column) { return .null }
            switch columns[index].kind {
            case .text: return .text(row.text(column))
            case .integer: return .integer(row.int64(column))
            case .flag: return .bool(row.bool(column))
            }
        }
    }

    /// An INSERT of `rows` rows, ids included.
    public func insert(rows: Int) -> String {
        "INSERT INTO \(name) (\(columns.map(\.name).joined(separator: ", "))) VALUES " + StoredQueries.parameterRows(count: rows, width: columns.count)
    }

    init(_ name: String, _ label: String, key: [String] = ["id"], _ columns: [(String, CopiedColumn.Kind)]) {
        self.name = name
        self.label = label
        self.key = key
        self.columns = columns.map { CopiedColumn(name: $0.0, kind: $0.1) }
    }
}

/// Every table of the schema with every column, in an order that inserts each row after the
/// rows it refers to. A migration that adds a table or a column adds it here too; a test
/// compares this list with both engines' schemas.
public enum CopiedTables {
    public static let all: [CopiedTable] = [
        CopiedTable("campaign", "campaigns", [("id", .integer), ("slug", .text), ("name", .text), ("created_at", .text), ("archived_at", .text)]),
        CopiedTable("creator", "creators", [("id", .integer), ("handle", .text), ("name", .text), ("created_at", .text), ("push_token", .text)]),
        CopiedTable("creator_group", "groups", [("id", .integer), ("campaign_id", .integer), ("name", .text), ("created_at", .text)]),
        CopiedTable("membership", "memberships", key: ["campaign_id", "creator_id"], [
            ("campaign_id", .integer), ("creator_id", .integer), ("group_id", .integer), ("status", .text), ("favorite", .flag),
            ("updated_at", .text),
        ]),
        // Before messages: a thread's last_message_id is no foreign key.
        CopiedTable("thread", "threads", [
            ("id", .integer), ("campaign_id", .integer), ("creator_id", .integer), ("created_at", .text), ("brand_sent", .integer),
            ("creator_sent", .integer), ("brand_read", .integer), ("creator_read", .integer), ("last_message_id", .integer),
            ("last_message_at", .text),
        ]),
        // Not PostgreSQL's body_search: the server computes it from the body.
        CopiedTable("message", "messages", [
            ("id", .integer), ("thread_id", .integer), ("sender", .text), ("sender_seq", .integer), ("body", .text), ("sent_at", .text),
            ("idempotency_key", .text),
        ]),
        CopiedTable("notification", "notifications", [
            ("id", .integer), ("message_id", .integer), ("campaign_id", .integer), ("creator_id", .integer), ("preview", .text),
            ("state", .text), ("attempts", .integer), ("next_attempt_at", .text), ("lease_until", .text), ("lease_owner", .text),
            ("last_exit_code", .integer), ("last_error", .text), ("created_at", .text), ("delivered_at", .text),
        ]),
        CopiedTable("feedback", "feedback", [("id", .integer), ("campaign_id", .integer), ("creator_id", .integer), ("body", .text), ("created_at", .text)]),
        CopiedTable("shipment", "shipments", [
            ("id", .integer), ("campaign_id", .integer), ("creator_id", .integer), ("carrier", .text), ("number", .text),
            ("message_id", .integer), ("status", .text), ("status_at", .text), ("created_at", .text), ("carrier_name", .text),
            ("event_at", .text),
        ]),
        CopiedTable("shipment_notice", "shipment_notices", key: ["shipment_id", "status"], [
            ("shipment_id", .integer), ("status", .text), ("message_id", .integer),
        ]),
        CopiedTable("event", "events", [
            ("id", .integer), ("kind", .text), ("campaign_id", .integer), ("creator_id", .integer), ("message_id", .integer),
            ("side", .text), ("unread", .integer), ("status", .text), ("previous_status", .text), ("notification_id", .integer),
            ("attempts", .integer), ("created_at", .text), ("marked_read", .integer), ("shipment_id", .integer), ("status_at", .text),
        ]),
    ]
}
