/// `db copy`'s reads and writes in SQL, once for every engine, inside a transaction of the
/// engine's store: rows stream out of one SELECT a table and go in as INSERTs with bound
/// parameters, `Catalog.rowsPerInsert` rows each.
public struct SQLStoreCopy<Catalog: SQLCatalog>: CopyWriting {
    /// Rows a fetch where the engine reads through a cursor: a batch of the longest bodies stays near 10 MB.
    static var rowsPerFetch: Int { 256 }

    let connection: Catalog.Connection

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
        let width = Catalog.rowsPerInsert
        let full = table.insert(rows: min(width, rows.count))
        for start in stride(from: 0, to: rows.count, by: width) {
            let chunk = rows[start..<min(start + width, rows.count)]
            try connection.run(chunk.count == width ? full : table.insert(rows: chunk.count), Array(chunk.joined()))
        }
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
