import CLibPQ
import CampaignChat

/// What a failed statement means to campaignchat, from its SQLSTATE.
/// See https://www.postgresql.org/docs/current/errcodes-appendix.html
struct PostgresFailure {
    let state: String?
    let message: String
    let connectionLost: Bool
    let server: String
    let sql: String

    init(connection: PostgresConnection, result: PostgresResult, sql: String) {
        let library = connection.library
        state = result.result.flatMap { library.resultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
        message = connection.shown(result.result.flatMap { library.resultErrorMessage($0) } ?? library.errorMessage(connection.handle))
        connectionLost = !connection.isConnected
        server = connection.server
        self.sql = sql
    }

    var storeError: StoreError {
        if connectionLost || state?.hasPrefix("08") == true || state == "57P01" || state == "57P02" || state == "57P03" {
            return .unavailable("lost the connection to PostgreSQL at \(server): \(message); the open transaction was rolled back")
        }
        switch state {
        case "55P03":  // lock_not_available: the lock_timeout set from the busy timeout passed
            return .busy(waitedMilliseconds: 0)
        case "40001", "40P01", "57014":  // serialization failure, deadlock, a statement_timeout of the server's
            return .busy(waitedMilliseconds: 0)
        case "25006":  // read_only_sql_transaction
            return .io("the database \(server) is read-only here: \(message)")
        case "42501":  // insufficient_privilege
            return .io("PostgreSQL at \(server) refused: \(message)")
        case "53100", "53200", "53300":  // disk full, out of memory, too many connections
            return .unavailable("PostgreSQL at \(server) cannot take this now: \(message); nothing was written")
        default:
            return .internalError("PostgreSQL error \(state ?? "?"): \(message) - while executing \(sql.split(separator: "\n").first ?? "")")
        }
    }
}
