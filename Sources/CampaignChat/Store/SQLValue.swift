/// A value bound to a statement parameter, or read from a row that `db copy` carries over: the
/// one value type of every engine. Each engine binds it in its own way (SQLite's `sqlite3_bind_*`,
/// libpq's text form); a flag is 0 or 1 on SQLite, a boolean on PostgreSQL.
public enum SQLValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case text(String)
    case bool(Bool)
    /// A list of strings, for a parameter compared with `= ANY(...)`: PostgreSQL's `text[]`.
    case textArray([String])

    @inlinable public init(_ text: String?) { self = text.map(SQLValue.text) ?? .null }
    @inlinable public init(_ number: Int?) { self = number.map { .integer(Int64($0)) } ?? .null }
    @inlinable public init(_ number: Int64?) { self = number.map(SQLValue.integer) ?? .null }
    @inlinable public init(_ flag: Bool) { self = .bool(flag) }

    /// Bytes this value holds, for keeping a batch of long messages small.
    var size: Int {
        switch self {
        case .null, .integer, .bool: 8
        case .text(let text): text.utf8.count
        case .textArray(let elements): elements.reduce(0) { $0 + $1.utf8.count }
        }
    }
}
