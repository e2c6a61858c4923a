import CLibPQ
import CampaignChat
import Glibc

extension SQLValue {
    /// The value in PostgreSQL's text format (`nil` for NULL), the form every parameter is sent in.
    var postgresText: String? {
        switch self {
        case .text(let text): text
        case .integer(let number): String(number)
        case .bool(let flag): flag ? "t" : "f"
        // The array literal: every element quoted and escaped.
        case .textArray(let elements):
            "{" + elements.map { "\"" + $0.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\"" }.joined(separator: ",") + "}"
        case .null: nil
        }
    }
}

/// One connection to a PostgreSQL server, with statements prepared once per connection and
/// cached by their SQL text. Parameters are always bound, never spliced into SQL.
final class PostgresConnection: SQLConnection {
    let library: LibPQ
    let handle: OpaquePointer
    /// The server and database as they may be shown: never a password.
    let server: String
    /// The passwords of the connection string as libpq read them, and the pieces of a password
    /// a URL hides that libpq may read as something else (a host, a port): never shown, even
    /// where libpq's own message repeats one as a word of its own. Longest first.
    private let secrets: [String]
    /// The pieces, also masked wherever a value libpq quotes holds one.
    private let quotedSecrets: [String]
    private var prepared: [String: String] = [:]

    init(connection: String, server: String, hidden: [String] = []) throws(StoreError) {
        library = try LibPQ.shared.get()
        self.server = server
        let connection = Self.lowercasingScheme(connection)
        // A password is masked where it stands as a word of its own (a one-letter password "p" leaves
        // "port" alone), and so are the pieces; a value libpq quotes is masked whole if it holds a piece.
        secrets = try (Self.secrets(in: connection, library: library, server: server) + hidden.filter { $0.count >= 2 })
            .sorted { $0.count > $1.count }
        quotedSecrets = hidden
        guard let handle = library.connectdb(connection) else { throw .unavailable("cannot connect to PostgreSQL at \(server): out of memory") }
        self.handle = handle
        guard library.status(handle) == CONNECTION_OK else {
            // deinit runs for an object whose init throws once every property is set: it finishes `handle`.
            throw .unavailable("cannot connect to PostgreSQL at \(server): \(shown(library.errorMessage(handle)))")
        }
        // Notices ("relation already exists, skipping") are libpq's to print on stderr by default.
        _ = library.setNoticeProcessor(handle, { _, _ in }, nil)
    }

    /// libpq reads a URL only with its scheme in lower case; anything else it takes for the
    /// key=value form and refuses with a message that quotes the whole string.
    static func lowercasingScheme(_ connection: String) -> String {
        guard let separator = connection.firstRange(of: "://") else { return connection }
        let scheme = connection[..<separator.lowerBound].lowercased()
        guard scheme == "postgresql" || scheme == "postgres" else { return connection }
        return scheme + connection[separator.lowerBound...]
    }

    /// The passwords (`password`, `sslpassword`) libpq reads from `connection`, longest first.
    /// A string libpq cannot read is refused here, before connecting: libpq's message about it
    /// quotes the string, password and all, so it is never shown.
    /// See https://www.postgresql.org/docs/current/libpq-misc.html (PQconninfoParse)
    static func secrets(in connection: String, library: LibPQ, server: String) throws(StoreError) -> [String] {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = library.conninfoParse(connection, &error) else {
            if let error { library.freemem(error) }
            throw .unavailable("cannot connect to PostgreSQL at \(server): the connection string cannot be read; see "
                               + "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING for its form")
        }
        defer { library.conninfoFree(options) }
        var secrets: [String] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val, ["password", "sslpassword"].contains(String(cString: keyword)) {
                let secret = String(cString: value)
                if !secret.isEmpty { secrets.append(secret) }
            }
            option += 1
        }
        return secrets.sorted { $0.count > $1.count }
    }

    /// The first line of a libpq message, with every password of the connection string as `***`.
    func shown(_ message: UnsafeMutablePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        return SecretMasking.firstLine(SecretMasking.maskingQuotedValues(SecretMasking.maskingWords(String(cString: message), secrets),
                                                                         holding: quotedSecrets))
    }

    deinit { library.finish(handle) }

    /// A server setting reported at connection time (`server_encoding`, `server_version`).
    func parameter(_ name: String) -> String? {
        library.parameterStatus(handle, name).map { String(cString: $0) }
    }

    /// Runs SQL without parameters (one or more statements); rows, if any, are dropped.
    func execute(_ sql: String) throws(StoreError) {
        let result = PostgresResult(library: library, result: library.exec(handle, sql))
        try check(result, sql: sql)
    }

    /// Runs one statement with bound parameters, prepared once per connection.
    @discardableResult
    func query(_ sql: String, _ values: [SQLValue] = []) throws(StoreError) -> PostgresResult {
        let name = try statementName(for: sql, count: values.count)
        let texts = values.map(\.postgresText)
        let raw = withCStrings(texts) { pointers in
            library.execPrepared(handle, name, Int32(pointers.count), pointers, nil, nil, 0)
        }
        let result = PostgresResult(library: library, result: raw)
        try check(result, sql: sql)
        return result
    }

    /// The first row mapped by `row`, or `nil`.
    func row<T>(_ sql: String, _ values: [SQLValue] = [], _ row: (any StoredRow) throws -> T) throws -> T? {
        let result = try query(sql, values)
        return result.count > 0 ? try row(PostgresRow(result: result, index: 0)) : nil
    }

    /// Every row mapped by `row`.
    func rows<T>(_ sql: String, _ values: [SQLValue] = [], _ row: (any StoredRow) throws -> T) throws -> [T] {
        let result = try query(sql, values)
        return try (0..<result.count).map { try row(PostgresRow(result: result, index: $0)) }
    }

    /// Runs one statement that returns no rows; the rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
        try query(sql, values).changedRows
    }

    let dialect: any SQLDialect = PostgresDialect()

    func insert(_ sql: String, _ values: [SQLValue]) throws -> Int64? {
        try row(sql + " RETURNING id", values) { $0.int64(0) }
    }

    func forEachRow(_ sql: String, _ values: [SQLValue], _ body: (any StoredRow) throws -> Void) throws {
        try forEachRow(sql, values, batch: 1_000, body)
    }

    /// Hands over the rows of `sql` in batches through a cursor, so that memory does not grow with
    /// the result. Only inside a transaction.
    func forEachRow(_ sql: String, _ values: [SQLValue], batch: Int, _ body: (any StoredRow) throws -> Void) throws {
        try query("DECLARE campaignchat_rows NO SCROLL CURSOR FOR " + sql, values)
        defer { _ = try? execute("CLOSE campaignchat_rows") }
        while true {
            let result = try query("FETCH \(batch) FROM campaignchat_rows")
            for index in 0..<result.count { try body(PostgresRow(result: result, index: index)) }
            if result.count < batch { return }
        }
    }

    private func statementName(for sql: String, count: Int) throws(StoreError) -> String {
        if let name = prepared[sql] { return name }
        let name = "campaignchat_\(prepared.count + 1)"
        let result = PostgresResult(library: library, result: library.prepare(handle, name, sql, Int32(count), nil))
        try check(result, sql: sql)
        prepared[sql] = name
        return name
    }

    private func check(_ result: PostgresResult, sql: String) throws(StoreError) {
        switch library.resultStatus(result.result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        default:
            throw PostgresFailure(connection: self, result: result, sql: sql).storeError
        }
    }

    var isConnected: Bool { library.status(handle) == CONNECTION_OK }
}

/// A result, cleared when it goes away.
final class PostgresResult {
    let library: LibPQ
    let result: OpaquePointer?

    init(library: LibPQ, result: OpaquePointer?) {
        self.library = library
        self.result = result
    }

    deinit { if let result { library.clear(result) } }

    var count: Int { result.map { Int(library.ntuples($0)) } ?? 0 }

    /// Rows an INSERT, UPDATE or DELETE changed.
    var changedRows: Int { result.flatMap { library.cmdTuples($0) }.flatMap { Int(String(cString: $0)) } ?? 0 }
}

/// One row of a result, its columns read from PostgreSQL's text format.
struct PostgresRow: StoredRow {
    let result: PostgresResult
    let index: Int

    func isNull(_ column: Int32) -> Bool { result.library.getisnull(result.result, Int32(index), column) != 0 }

    func text(_ column: Int32) -> String {
        guard let value = result.library.getvalue(result.result, Int32(index), column) else { return "" }
        let length = Int(result.library.getlength(result.result, Int32(index), column))
        return value.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    func int64(_ column: Int32) -> Int64 { Int64(text(column)) ?? 0 }

    func bool(_ column: Int32) -> Bool { text(column) == "t" }
}

/// Calls `body` with C strings for `strings` (`nil` stays a NULL pointer).
private func withCStrings<T>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
    defer { copies.forEach { free($0) } }
    return body(copies.map { $0.map { UnsafePointer($0) } })
}
