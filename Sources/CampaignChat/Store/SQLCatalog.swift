/// What `db copy`, `db info` and `db check` do differently on each engine, and only that: how
/// it counts ids, what its catalog is, what it checks of itself. Each engine target states its
/// own; the rest is written once, in `SQLStoreCopy` and `SQLAdministration`.
public protocol SQLCatalog {
    associatedtype Connection: SQLConnection
    /// `sqlite` or `postgresql`, as `db info` names it.
    static var engine: String { get }
    /// The engine's schema versions, in order.
    static var migrations: [SchemaMigration] { get }

    /// The last id the counter of table $1 handed out (no row or NULL for none), which may be
    /// above its rows: pruned events, a rolled-back write.
    static var lastID: String { get }
    /// The statements, in order, that make the counter of table $1 go on after id $2.
    static var continueIDs: [String] { get }
    /// Rows one INSERT of a copy carries: one cheap statement a row, or a round trip a batch.
    static var rowsPerInsert: Int { get }

    /// Every table, index and trigger there is, each as `kind name` (`index thread_by_creator`).
    static var objects: String { get }
    /// The bytes the database takes, and its write-ahead log's part of them (`nil` where it has none of its own).
    static func size(_ connection: Connection) throws -> (bytes: Int64, log: Int64?)
    /// The engine's checks of its storage, run first: each one's problems.
    static func storageChecks(_ connection: Connection) throws -> [[DatabaseProblem]]
    /// The engine's checks of the schema and its keys, run once every object of it is found there: each one's problems.
    static func catalogChecks(_ connection: Connection) throws -> [[DatabaseProblem]]
    /// The checks of the search index at a schema version, as the other invariants are checked.
    static func searchIndexChecks(version: Int) -> [InvariantCheck]
}

extension SQLCatalog {
    /// An SQL identifier in double quotes.
    public static func quoted(_ name: String) -> String { "\"" + name.replacing("\"", with: "\"\"") + "\"" }
}
