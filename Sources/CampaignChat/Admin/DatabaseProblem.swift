/// Something `db check` found wrong in a database: what kind of promise is broken, where, and
/// how. The kinds are a contract with scripts, as the exit codes are: new ones may be added,
/// none renamed.
public struct DatabaseProblem: Hashable, Sendable {
    public var kind: Kind
    /// The table the problem is in (for an index or trigger, the table it belongs to), if any.
    public var table: String?
    /// The row's id in `table` (a thread's, a message's, ...), where the problem is one row's.
    public var id: Int64?
    /// What is wrong, in a line.
    public var detail: String

    public init(_ kind: Kind, table: String? = nil, id: Int64? = nil, detail: String) {
        self.kind = kind
        self.table = table
        self.id = id
        self.detail = detail
    }

    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case integrity
        case foreignKey = "foreign_key"
        case missingTable = "missing_table"
        case missingIndex = "missing_index"
        case missingTrigger = "missing_trigger"
        case invalidIndex = "invalid_index"
        case threadCounters = "thread_counters"
        case readPosition = "read_position"
        case lastMessage = "last_message"
        case threadWithoutMessage = "thread_without_message"
        case senderSequence = "sender_seq"
        case missingNotification = "missing_notification"
        case unexpectedNotification = "unexpected_notification"
        case notificationOwner = "notification_owner"
        case searchIndex = "search_index"
        case eventNotPruned = "event_not_pruned"
        case eventHorizon = "event_horizon"
        case shipmentMessage = "shipment_message"
        case shipmentNotice = "shipment_notice"

        /// What the kind means, for the table in docs/administration.md and the man page (markdown `code` spans).
        public var meaning: String {
            switch self {
            case .integrity:
                "SQLite's `PRAGMA integrity_check` found the file damaged (one line per message it gives)"
            case .foreignKey:
                "a row refers to a row of another table that does not exist (SQLite's `PRAGMA foreign_key_check`; "
                    + "on PostgreSQL every foreign key of the schema, checked on the data)"
            case .missingTable:
                "a table this schema version has is not there"
            case .missingIndex:
                "an index this schema version has is not there"
            case .missingTrigger:
                "a trigger this schema version has is not there (SQLite: the search index's)"
            case .invalidIndex:
                "PostgreSQL marks an index of the schema invalid or not ready (`pg_index.indisvalid`, `indisready`)"
            case .threadCounters:
                "a thread's `brand_sent` or `creator_sent` differs from the number of messages that side sent in it"
            case .readPosition:
                "a read position is out of range: `brand_read` not within 0 to `creator_sent`, or `creator_read` not within 0 to `brand_sent`"
            case .lastMessage:
                "a thread's `last_message_id` (or `last_message_at`) is not its newest message"
            case .threadWithoutMessage:
                "a thread has no message: every thread starts with its first message"
            case .senderSequence:
                "a message's `sender_seq` is not its place among its side's messages in the thread (1, 2, 3, ... in id order)"
            case .missingNotification:
                "a brand message has no push notification"
            case .unexpectedNotification:
                "a push notification belongs to a creator's message: creators' messages have none"
            case .notificationOwner:
                "a push notification's campaign or creator is not its message's thread's"
            case .searchIndex:
                "the search index is out of step with the messages: a message missing from it, or an entry for no message"
            case .eventNotPruned:
                "an event below the cursor `db prune-events` pruned before is still there"
            case .eventHorizon:
                "the table that remembers what was pruned (`event_horizon`) does not have exactly one row"
            case .shipmentMessage:
                "a shipment's message is not a brand message in its own campaign and creator's thread"
            case .shipmentNotice:
                "a shipment notice's message is not a brand message in its shipment's campaign and creator's thread, "
                    + "or its status is none of the shipment statuses"
            }
        }
    }
}

extension DatabaseProblem {
    /// A row whose `column` (holding `value`, when it could be read) refers to no row of `parent`.
    public static func foreignKey(table: String, id: Int64?, column: String, value: String?, parent: String) -> DatabaseProblem {
        let what = value.map { "\(column) \($0)" } ?? "its \(column)"
        return DatabaseProblem(.foreignKey, table: table, id: id, detail: "\(what) refers to no row of \(parent)")
    }
}
