import CSQLite
import CampaignChat
import Glibc

/// `db copy` from and into an SQLite file: rows stream from one prepared SELECT per table, and
/// go in through one prepared INSERT per table, all in the store's own transactions.
extension SQLiteChatStore {
    /// The file itself (device and inode), however its path was written.
    public func databaseIdentity() throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw StoreError.io("cannot use the database '\(path)': \(String(cString: strerror(errno)))")
        }
        return "sqlite:\(info.st_dev):\(info.st_ino)"
    }

    public func readForCopy<T>(_ body: (any CopyReading) throws -> T) throws -> T {
        try read { _ in try body(SQLiteStoreCopy(database: database)) }
    }

    public func writeForCopy<T>(_ body: (any CopyWriting) throws -> T) throws -> T {
        try write { _ in try body(SQLiteStoreCopy(database: database)) }
    }
}

/// The copy's reads and writes in SQLite's SQL, inside a transaction of `SQLiteChatStore`.
struct SQLiteStoreCopy: CopyWriting {
    let database: Database

    func rowCount(of table: CopiedTable) throws -> Int {
        Int(try database.integer("SELECT count(*) FROM \(table.name)"))
    }

    func forEachRow(of table: CopiedTable, _ body: ([SQLValue]) throws -> Void) throws {
        let statement = try database.statement(table.selectAll)
        defer { sqlite3_reset(statement.handle) }
        while try statement.step() { try body(table.values(of: statement)) }
    }

    /// Above the rows for the event log (AUTOINCREMENT), whose `sqlite_sequence` remembers
    /// the ids of pruned events; other tables hand out the next id after their last row.
    func highestID(of table: CopiedTable) throws -> Int64 {
        try database.integer("""
            SELECT max(coalesce((SELECT max(id) FROM \(table.name)), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?1), 0))
            """, [.text(table.name)])
    }

    func eventsPrunedBefore() throws -> Int64 {
        try database.integer("SELECT pruned_before FROM event_horizon")
    }

    func insert(_ rows: [[SQLValue]], into table: CopiedTable) throws {
        let sql = table.insert(rows: 1) { "?\($0)" }
        for row in rows { try database.run(sql, row) }
    }

    /// AUTOINCREMENT tables go on after the source's highest id; every message is indexed for
    /// search in one statement, as each write indexes its own messages just before it commits.
    func finishCopy(highestIDs: [String: Int64], eventsPrunedBefore: Int64) throws {
        for (table, highest) in highestIDs.sorted(by: { $0.key < $1.key }) where highest > 0 {
            let autoincrement = try database.integer(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1 AND sql LIKE '%AUTOINCREMENT%'", [.text(table)])
            guard autoincrement > 0 else { continue }
            try database.run("UPDATE sqlite_sequence SET seq = max(seq, ?2) WHERE name = ?1", [.text(table), .integer(highest)])
            if database.changedRows == 0 {
                try database.run("INSERT INTO sqlite_sequence (name, seq) VALUES (?1, ?2)", [.text(table), .integer(highest)])
            }
        }
        try database.run("UPDATE event_horizon SET pruned_before = ?1", [.integer(eventsPrunedBefore)])
        try database.run("INSERT INTO message_fts (rowid, body) SELECT id, body FROM message ORDER BY id")
    }
}
