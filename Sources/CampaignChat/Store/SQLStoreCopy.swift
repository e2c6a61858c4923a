/// `db copy`'s reads and writes in SQL, once for every engine, inside a transaction of the
/// engine's store: rows stream out of one SELECT a table and go in as INSERTs with bound
/// parameters, `Catalog.rowsPerInsert` rows each.
public final class SQLStoreCopy<Catalog: SQLCatalog>: CopyWriting {
    /// Rows a fetch where the engine reads through a cursor: a batch of the longest bodies stays near 10 MB.
    static var rowsPerFetch: Int { 256 }

    let connection: Catalog.Connection
    /// Each table's INSERT of so many rows, built once.
    private var insertStatements: [String: String] = [:]

    public init(connection: Catalog.Connection) {
        self.connection = connection
    }

    public func rowCount(of table: CopiedTable) throws -> Int {
        Int(try connection.integer("SELECT count(*) FROM \(table.name)"))
    }

    public func forEachRow(of table: CopiedTable, _ body: ([SQLValue]) throws -> Void) throws {
        try connection.forEachRow(table.selectAll, [], batch: Self.rowsPerFetch) { row in try body(table.values(of: row)) }
    }

    /// The counter's last id when it is above the rows, else the highest id in the table.
    public func highestID(of table: CopiedTable) throws -> Int64 {
        max(try connection.integer("SELECT max(id) FROM \(table.name)"), try connection.integer(Catalog.lastID, [.text(table.name)]))
    }

    public func eventsPrunedBefore() throws -> Int64 {
        try connection.integer("SELECT pruned_before FROM event_horizon")
    }

    public func insert(_ rows: [[SQLValue]], into table: CopiedTable) throws {
        for start in stride(from: 0, to: rows.count, by: Catalog.rowsPerInsert) {
            let chunk = rows[start..<min(start + Catalog.rowsPerInsert, rows.count)]
            try connection.run(insertStatement(for: table, rows: chunk.count), Array(chunk.joined()))
        }
    }

    private func insertStatement(for table: CopiedTable, rows: Int) -> String {
        let name = "\(table.name) \(rows)"
        if let sql = insertStatements[name] { return sql }
        let sql = table.insert(rows: rows)
        insertStatements[name] = sql
        return sql
    }

    /// Each counter goes on after the source's highest id, and every message is indexed for
    /// search in one statement where the engine indexes a write's messages as it ends.
    public func finishCopy(highestIDs: [String: Int64], eventsPrunedBefore: Int64) throws {
        for (table, highest) in highestIDs.sorted(by: { $0.key < $1.key }) {
            for statement in Catalog.continueIDs { try connection.run(statement, [.text(table), .integer(highest)]) }
        }
        try connection.run("UPDATE event_horizon SET pruned_before = $1", [.integer(eventsPrunedBefore)])
        if let indexMessages = connection.dialect.indexMessages { try connection.run(indexMessages, [.integer(0)]) }
    }
}
