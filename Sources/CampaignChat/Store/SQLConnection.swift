/// A connection the chat's SQL runs on: all `SQLChatTransaction` needs of an engine. Statements
/// are written once, with parameters spelt as PostgreSQL spells them (`$1`, `$2::bigint` where
/// the server cannot tell a type); an engine that spells them otherwise translates a statement
/// when it first prepares it.
/// Rows are handed over as `any StoredRow`, and the transaction holds `any SQLConnection`, not a
/// generic parameter: a generic transaction's type was built at run time from its mangled name,
/// which searched every protocol conformance of the binary, 3% of a `message send`.
public protocol SQLConnection: AnyObject {
    /// What this engine says differently.
    var dialect: any SQLDialect { get }
    /// Every row of `sql`, each mapped by `row`.
    func rows<T>(_ sql: String, _ values: [SQLValue], _ row: (any StoredRow) throws -> T) throws -> [T]
    /// The first row of `sql` mapped by `row`, or `nil`.
    func row<T>(_ sql: String, _ values: [SQLValue], _ row: (any StoredRow) throws -> T) throws -> T?
    /// The rows of `sql` one at a time, without holding them all in memory.
    func forEachRow(_ sql: String, _ values: [SQLValue], _ body: (any StoredRow) throws -> Void) throws
    /// The same, `batch` rows a fetch where the engine reads through a cursor.
    func forEachRow(_ sql: String, _ values: [SQLValue], batch: Int, _ body: (any StoredRow) throws -> Void) throws
    /// Runs an INSERT of one row (written without RETURNING); the new row's id, `nil` when it
    /// inserted none (`ON CONFLICT DO NOTHING`). Engines return the id as they best can: SQLite's
    /// RETURNING buffers the row in a temporary table, a dozen times the cost of the insert.
    func insert(_ sql: String, _ values: [SQLValue]) throws -> Int64?
    /// Runs a statement that returns no rows; how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [SQLValue]) throws -> Int
}

extension SQLConnection {
    public func forEachRow(_ sql: String, _ values: [SQLValue], batch: Int, _ body: (any StoredRow) throws -> Void) throws {
        try forEachRow(sql, values, body)
    }

    /// The integer in the first column of the first row (0 when there is none).
    public func integer(_ sql: String, _ values: [SQLValue] = []) throws -> Int64 {
        try row(sql, values) { $0.int64(0) } ?? 0
    }
}

/// What the chat's SQL says differently on each engine, and only that: each engine target states
/// its own; the statements are written once, in `SQLChatTransaction`.
public protocol SQLDialect: Sendable {
    /// `left = right` ignoring the case of ASCII letters, as group names compare.
    func equalIgnoringCase(_ left: String, _ right: String) -> String
    /// What follows a text in ORDER BY to sort it by its bytes, whatever the database's locale.
    var byteOrder: String { get }
    /// The store's clock as the text a timestamp is stored in; `nil`: this machine's, bound by the caller.
    var clock: String? { get }
    /// Whether one statement may chain writes (`WITH ... INSERT ... RETURNING`): a message, its
    /// thread's counters and its notification in one round trip.
    var chainsWrites: Bool { get }
    /// Whether a parameter may be a list of texts (`= ANY ($2::text[])`): a bulk chunk's handles in one query.
    var bindsLists: Bool { get }
    /// How many of a write's events one INSERT carries; they go in as the write ends, in order.
    var eventsPerInsert: Int { get }
    /// Indexes for search the messages a write inserted, from the id in parameter 1 on, as the
    /// write ends; `nil` where the engine indexes a message as it is inserted.
    var indexMessages: String? { get }
    /// Wakes the followers as a write that appended events ends; `nil` where they watch the file.
    var notifyFollowers: String? { get }
    /// What a claim's SELECT adds to pass over rows another transaction holds.
    var skipLocked: String { get }
    /// The search of a `SearchExpression`, its parameters numbered from `firstParameter`.
    func search(_ expression: SearchExpression, firstParameter: Int) -> SQLSearch
}

/// A full-text search in an engine's terms, for the one search statement: what it needs before
/// the SELECT, the table expression that ends with the messages `m`, the condition, the
/// highlighted body (matches marked with U+E000 and U+E001), the ranking and the parameters.
public struct SQLSearch: Sendable {
    public var with: String
    public var from: String
    public var condition: String
    public var highlighted: String
    public var ranking: String
    public var values: [SQLValue]
    /// Whether the marks were put into a copy of the body that differs from it, and go back onto the body.
    public var marksCopy: Bool

    public init(with: String = "", from: String, condition: String, highlighted: String, ranking: String, values: [SQLValue], marksCopy: Bool) {
        self.with = with
        self.from = from
        self.condition = condition
        self.highlighted = highlighted
        self.ranking = ranking
        self.values = values
        self.marksCopy = marksCopy
    }
}
