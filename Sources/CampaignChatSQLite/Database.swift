import CSQLite
import CampaignChat

/// One SQLite connection, set up in a fixed order, with statements prepared
/// once and cached by their SQL text.
///
/// See https://www.sqlite.org/c3ref/open.html
final class Database: SQLConnection {
    let handle: OpaquePointer
    let path: String
    let busyTimeout: Int
    private var statements = StatementCache()

    /// The SQL of the statements this connection prepared (for tests of their query plans).
    var preparedSQL: [String] { statements.sqlTexts }

    /// How the file is opened.
    enum Access {
        case readWrite
        /// Reads only; the file may still change under us (another process writing).
        case readOnly
        /// Reads a file nobody can write now, without the `-shm` file a WAL
        /// reader otherwise has to create (https://www.sqlite.org/uri.html#uriimmutable).
        case immutable
    }

    /// Process-wide settings, applied before the first connection initialises SQLite.
    private static let configured: Void = {
        _ = campaignchat_sqlite3_without_memory_statistics()
    }()

    /// The oldest SQLite the chat's SQL runs on: 3.35, for `UPDATE ... RETURNING` (a claim of the
    /// push outbox); aggregate `FILTER` and `NULLS LAST` came in 3.30.
    static let oldestVersion: Int32 = 3_035_000

    /// Refuses an SQLite older than `oldestVersion`: `version` as `sqlite3_libversion_number` counts, `name` as it is shown.
    static func requireSupported(version: Int32, named name: String) throws(StoreError) {
        guard version >= oldestVersion else { throw .unavailable("campaignchat needs SQLite 3.35 or later; it was built with \(name)") }
    }

    init(path: String, busyTimeout: Int, access: Access = .readWrite) throws {
        Database.configured
        try Self.requireSupported(version: sqlite3_libversion_number(), named: String(cString: sqlite3_libversion()))
        var connection: OpaquePointer?
        let mode = switch access {
        case .readWrite: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readOnly: SQLITE_OPEN_READONLY
        case .immutable: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
        }
        let flags = mode | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let name = access == .immutable ? "file:" + Database.uriEscaped(path) + "?immutable=1" : Database.plainFilename(path)
        let code = sqlite3_open_v2(name, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let failure = SQLiteError(code: code, connection: connection)
            sqlite3_close_v2(connection)
            throw failure
        }
        handle = connection
        self.path = path
        self.busyTimeout = busyTimeout
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, Int32(busyTimeout))
        try execute("PRAGMA foreign_keys = ON")
    }

    /// The path as a name SQLite reads as a file, never as a URI: an SQLite built with
    /// `SQLITE_USE_URI` (Debian's is) would take `file:x.db?mode=memory` as a memory database.
    /// See https://www.sqlite.org/uri.html
    static func plainFilename(_ path: String) -> String {
        path.hasPrefix("file:") ? "./" + path : path
    }

    /// A path as the path part of a `file:` URI.
    static func uriEscaped(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"), 0..<0x21, 0x7F...:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            default:
                result.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return result
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs SQL that returns no rows (one or more statements).
    func execute(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else {
            throw SQLiteError(code: sqlite3_extended_errcode(handle), connection: handle, sql: sql)
        }
    }

    /// The cached statement for `sql`, bound to `values` and ready to step.
    func statement(_ sql: String, _ values: [SQLValue] = []) throws -> Statement {
        let statement: Statement
        if let cached = statements[sql] {
            statement = cached
        } else {
            statement = try Statement(database: self, sql: sql, prepared: SQLiteDialect.spelling(sql))
            statements.insert(statement)
        }
        try statement.bind(values)
        return statement
    }

    /// Every row of `sql`, each mapped by `row`.
    func rows<T>(_ sql: String, _ values: [SQLValue] = [], _ row: (any StoredRow) throws -> T) throws -> [T] {
        let statement = try statement(sql, values)
        var result: [T] = []
        while try statement.step() { result.append(try row(statement)) }
        return result
    }

    /// The first row of `sql` mapped by `row`, or `nil`.
    func row<T>(_ sql: String, _ values: [SQLValue] = [], _ row: (any StoredRow) throws -> T) throws -> T? {
        let statement = try statement(sql, values)
        defer { sqlite3_reset(statement.handle) }
        return try statement.step() ? row(statement) : nil
    }

    func forEachRow(_ sql: String, _ values: [SQLValue], _ body: (any StoredRow) throws -> Void) throws {
        let statement = try statement(sql, values)
        defer { sqlite3_reset(statement.handle) }
        while try statement.step() { try body(statement) }
    }

    /// Runs a statement that returns no rows; the rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
        let statement = try statement(sql, values)
        while try statement.step() {}
        return changedRows
    }

    let dialect: any SQLDialect = SQLiteDialect()

    func insert(_ sql: String, _ values: [SQLValue]) throws -> Int64? {
        try run(sql, values) > 0 ? sqlite3_last_insert_rowid(handle) : nil
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changedRows: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` between `BEGIN` (`IMMEDIATE` for writes) and `COMMIT`,
    /// rolling back when it throws.
    func transaction<T>(immediate: Bool, _ body: () throws -> T) throws -> T {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if sqlite3_get_autocommit(handle) == 0 {
                _ = sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
            }
            throw error
        }
    }
}
