/// What `db info` reports about a database, read without changing it.
public struct DatabaseInfo: Hashable, Sendable {
    /// `sqlite` or `postgresql`.
    public var engine: String
    /// The file's path, or the server and database as they may be shown (never a password).
    public var location: String
    public var schema: SchemaVersions
    /// Rows of campaignchat's tables, in `DatabaseCount.all`'s order; `nil` for a table the
    /// schema does not have (an older version has no event log).
    public var counts: [Count]
    /// What the database takes: the SQLite file and its `-wal`, or the PostgreSQL tables with
    /// their indexes and TOAST.
    public var sizeBytes: Int64
    /// The SQLite `-wal` file's part of `sizeBytes` (0 when there is none); `nil` on PostgreSQL.
    public var walBytes: Int64?

    public init(engine: String, location: String, schema: SchemaVersions, counts: [Count],
                sizeBytes: Int64, walBytes: Int64?) {
        self.engine = engine
        self.location = location
        self.schema = schema
        self.counts = counts
        self.sizeBytes = sizeBytes
        self.walBytes = walBytes
    }

    /// The rows of one table (or of one state), `nil` where the schema has no such table.
    public struct Count: Hashable, Sendable {
        public var name: String
        public var rows: Int64?

        public init(name: String, rows: Int64?) {
            self.name = name
            self.rows = rows
        }
    }

    /// The count named `name`, if the schema has its table.
    public func rows(_ name: String) -> Int64? { counts.first { $0.name == name }?.rows }
}

/// The schema version a database has, and the one this campaignchat has.
public struct SchemaVersions: Hashable, Sendable {
    public var found: Int
    public var supported: Int

    public init(found: Int, supported: Int) {
        self.found = found
        self.supported = supported
    }

    /// Whether this campaignchat can use the database as it is, after an upgrade, or not at all.
    public enum State: String, Sendable {
        /// The schema this campaignchat has.
        case current
        /// An older schema: the next command that writes (or `db migrate`) upgrades it.
        case older
        /// A newer campaignchat's schema: refused, and left as it is.
        case newer
    }

    public var state: State {
        found == supported ? .current : found < supported ? .older : .newer
    }

    /// A newer schema is refused by every command but `db info`.
    public func requireKnown(at location: String) throws(StoreError) {
        if state == .newer { throw .newerVersion(path: location, found: found, supported: supported) }
    }

    /// What opening a store does with its schema: nothing `asFound`; a schema of a newer
    /// campaignchat refused; an older one brought up to date by `upgrade`, which a read-only use
    /// cannot do. `shown`: the database as a message names it.
    public func prepare(at location: String, shown: String, readOnly: Bool, asFound: Bool, upgrade: () throws -> Void) throws {
        if asFound { return }
        try requireKnown(at: location)
        guard state == .older else { return }
        if readOnly {
            throw StoreError.io("the database \(shown) needs upgrading, which a read-only use cannot do: run a write command with write access first")
        }
        try upgrade()
    }
}

/// One number `db info` counts: a name for people and JSON, the table it needs, and which of
/// its rows (the SQL is the same on every engine).
public struct DatabaseCount: Sendable {
    public let name: String
    public let table: String
    /// A condition on the rows counted, if only some are.
    public let condition: String?

    public var sql: String { "SELECT count(*) FROM \(table)" + (condition.map { " WHERE \($0)" } ?? "") }

    init(_ name: String, _ table: String, where condition: String? = nil) {
        self.name = name
        self.table = table
        self.condition = condition
    }

    public static let all: [DatabaseCount] = [
        DatabaseCount("campaigns", "campaign"),
        DatabaseCount("groups", "creator_group"),
        DatabaseCount("creators", "creator"),
        DatabaseCount("memberships", "membership"),
        DatabaseCount("threads", "thread"),
        DatabaseCount("messages", "message"),
        DatabaseCount("notifications", "notification"),
        DatabaseCount("pending_notifications", "notification", where: "state = 'pending'"),
        DatabaseCount("failed_notifications", "notification", where: "state = 'failed'"),
        DatabaseCount("feedback", "feedback"),
        DatabaseCount("shipments", "shipment"),
        DatabaseCount("events", "event"),
    ]

    /// Every count, each run by `count` when `tables` has its table, else `nil`.
    public static func counts(tables: Set<String>, _ count: (String) throws -> Int64) throws -> [DatabaseInfo.Count] {
        try all.map { DatabaseInfo.Count(name: $0.name, rows: tables.contains($0.table) ? try count($0.sql) : nil) }
    }
}
