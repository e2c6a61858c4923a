import CSQLite
import CampaignChat

/// A prepared statement: prepared in `init`, finalized in `deinit`.
///
/// See https://www.sqlite.org/c3ref/stmt.html
final class Statement {
    let handle: OpaquePointer
    let sql: String
    private unowned let database: Database

    /// `sql` is what the statement is cached by; `prepared`, SQLite's spelling of it.
    init(database: Database, sql: String, prepared: String? = nil) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(database.handle, prepared ?? sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw SQLiteError(code: code, connection: database.handle, sql: prepared ?? sql)
        }
        self.handle = statement
        self.sql = sql
        self.database = database
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Resets the statement and binds `values` to `?1`, `?2`, ...
    func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null:
                code = sqlite3_bind_null(handle, index)
            case .integer(let number):
                code = sqlite3_bind_int64(handle, index, number)
            case .bool(let flag):
                code = sqlite3_bind_int64(handle, index, flag ? 1 : 0)
            case .text(var text):
                // The string's own UTF-8 bytes (SQLite copies them): passing the String itself as a C string
                // made a heap copy of every short one first, a sixth of a bulk row's binding.
                code = text.withUTF8 { bytes in
                    // An empty string's buffer may have no address, and a null pointer would bind NULL, not ''.
                    guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_text(handle, index, "", 0, SQLITE_TRANSIENT) }
                    return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        sqlite3_bind_text(handle, index, $0, Int32(bytes.count), SQLITE_TRANSIENT)
                    }
                }
            case .textArray:
                throw StoreError.internalError("SQLite binds no arrays, in: \(sql)")
            }
            guard code == SQLITE_OK else { throw error(code) }
        }
    }

    /// Advances to the next row: `true` for a row, `false` when done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        case let code:
            let failure = error(code)
            sqlite3_reset(handle)
            throw failure
        }
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func bool(_ column: Int32) -> Bool { sqlite3_column_int64(handle, column) != 0 }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    private func error(_ code: Int32) -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(database.handle), connection: database.handle, sql: sql)
    }
}

/// Tells SQLite to copy bound text before `bind` returns.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
extension Statement: StoredRow {}
