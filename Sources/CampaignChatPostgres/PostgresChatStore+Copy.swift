import CampaignChat

/// `db copy` from and into PostgreSQL: rows stream out through a cursor, and go in as multi-row
/// INSERTs with bound parameters, one round trip per batch, all in the store's own transactions
/// (a copy into the store holds its write lock throughout).
extension PostgresChatStore {
    /// The cluster (its system identifier), the database and the schema: the one place a store
    /// lives, whichever host name, socket or connection string reached it.
    public func databaseIdentity() throws -> String {
        try connection.row("""
            SELECT system_identifier::text, (SELECT oid FROM pg_database WHERE datname = current_database())::text, current_schema()
            FROM pg_control_system()
            """) { "postgresql:\($0.text(0)):\($0.text(1)):\($0.text(2))" } ?? ""
    }

    public func readForCopy<T>(_ body: (any CopyReading) throws -> T) throws -> T {
        try read { _ in try body(PostgresStoreCopy(connection: connection)) }
    }

    public func writeForCopy<T>(_ body: (any CopyWriting) throws -> T) throws -> T {
        try write { _ in try body(PostgresStoreCopy(connection: connection)) }
    }
}

/// The copy's reads and writes in PostgreSQL's SQL, inside a transaction of `PostgresChatStore`.
final class PostgresStoreCopy: CopyWriting {
    /// Rows per FETCH: a batch of the longest bodies stays near 10 MB.
    static let rowsPerFetch = 256

    let connection: PostgresConnection
    /// Each table's INSERT of so many rows, built once.
    private var insertStatements: [String: String] = [:]

    init(connection: PostgresConnection) {
        self.connection = connection
    }

    func rowCount(of table: CopiedTable) throws -> Int {
        Int(try connection.integer("SELECT count(*) FROM \(table.name)"))
    }

    func forEachRow(of table: CopiedTable, _ body: ([SQLValue]) throws -> Void) throws {
        try connection.forEachRow(table.selectAll, [], batch: Self.rowsPerFetch) { row in try body(table.values(of: row)) }
    }

    /// The identity sequence's last value when it is above the rows (a rolled-back write,
    /// pruned events), else the highest id in the table.
    func highestID(of table: CopiedTable) throws -> Int64 {
        try connection.integer("""
            SELECT greatest(coalesce((SELECT max(id) FROM \(table.name)), 0),
                            coalesce((SELECT last_value FROM pg_sequences
                                      WHERE format('%I.%I', schemaname, sequencename) = pg_get_serial_sequence($1, 'id')), 0))
            """, [.text(table.name)])
    }

    func eventsPrunedBefore() throws -> Int64 {
        try connection.integer("SELECT pruned_before FROM event_horizon")
    }

    /// One statement for the batch: `rowsPerBatch` rows of at most 14 columns stay well under
    /// the 65,535 parameters a statement may bind.
    func insert(_ rows: [[SQLValue]], into table: CopiedTable) throws {
        guard !rows.isEmpty else { return }
        try connection.query(insertStatement(for: table, rows: rows.count), Array(rows.joined()))
    }

    private func insertStatement(for table: CopiedTable, rows: Int) -> String {
        let name = "\(table.name) \(rows)"
        if let sql = insertStatements[name] { return sql }
        let sql = table.insert(rows: rows) { "$\($0)" }
        insertStatements[name] = sql
        return sql
    }

    /// Each identity sequence goes on after the source's highest id (`body_search` and its
    /// index were kept by the server row by row).
    func finishCopy(highestIDs: [String: Int64], eventsPrunedBefore: Int64) throws {
        for (table, highest) in highestIDs.sorted(by: { $0.key < $1.key }) {
            try connection.query("SELECT setval(pg_get_serial_sequence($1, 'id'), $2, $3)",
                                 [.text(table), .integer(max(highest, 1)), .bool(highest > 0)])
        }
        try connection.query("UPDATE event_horizon SET pruned_before = $1", [.integer(eventsPrunedBefore)])
    }
}
