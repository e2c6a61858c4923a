import CSQLite
import CampaignChat

/// An error reported by SQLite: the extended result code, SQLite's message and the SQL.
///
/// Prints as `SQLite error 19: NOT NULL constraint failed: ... - while executing `...``.
/// See https://www.sqlite.org/rescode.html
struct SQLiteError: Error, CustomStringConvertible {
    let extendedCode: Int32
    let message: String
    let sql: String?

    var primaryCode: Int32 { extendedCode & 0xFF }

    init(code: Int32, connection: OpaquePointer?, sql: String? = nil) {
        extendedCode = code
        if let connection, let text = sqlite3_errmsg(connection) {
            message = String(cString: text)
        } else {
            message = String(cString: sqlite3_errstr(code))
        }
        self.sql = sql
    }

    var description: String {
        var text = "SQLite error \(extendedCode): \(message)"
        if let sql { text += " - while executing `\(sql)`" }
        return text
    }

    /// The engine-neutral form the rest of the library and the CLI understand.
    func storeError(path: String, busyTimeout: Int) -> StoreError {
        switch primaryCode {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .busy(waitedMilliseconds: busyTimeout)
        case SQLITE_NOTADB:
            return .notCampaignChat(path: path, reason: "not an SQLite database")
        case SQLITE_CORRUPT:
            return .io("the database '\(path)' is damaged: \(message)")
        case SQLITE_READONLY:
            return .io("the database '\(path)' is read-only: \(message)")
        case SQLITE_CANTOPEN:
            return .io("cannot open the database '\(path)': \(message)")
        case SQLITE_IOERR, SQLITE_FULL, SQLITE_PERM, SQLITE_NOLFS, SQLITE_PROTOCOL:
            return .io("cannot use the database '\(path)': \(message)")
        default:
            return .internalError(description)
        }
    }
}
