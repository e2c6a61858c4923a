import CampaignChat

/// What SQLite says differently in the chat's SQL (`SQLChatTransaction`).
extension SQLDialect {
    static let sqlite = SQLDialect(
        equalIgnoringCase: { "\($0) = \($1) COLLATE NOCASE" },
        // BINARY, SQLite's default collation, is byte order.
        byteOrder: "",
        // An SQLite file is shared only by the processes of one machine: its clock is everyone's.
        clock: nil,
        // No data-modifying WITH; three statements in this process cost little.
        chainsWrites: false,
        bindsLists: false,
        // One prepared statement for every event, however many a write appends.
        eventsPerInsert: 1,
        // FTS5 writes its pending index to disk at every statement savepoint once it has been
        // written in the transaction: indexing last keeps that to one flush per write, not one per message.
        indexMessages: "INSERT INTO message_fts (rowid, body) SELECT id, body FROM message WHERE id >= $1 ORDER BY id",
        // Followers watch the file (inotify).
        notifyFollowers: nil,
        // A write holds the whole file.
        skipLocked: "",
        search: { expression, first in
            // The FTS5 query is ours too (`SearchExpression.fts5`): an error in it is a bug, not the user's.
            SQLSearch(from: "message_fts JOIN message m ON m.id = message_fts.rowid", condition: "message_fts MATCH $\(first)",
                      highlighted: "highlight(message_fts, 0, char(57344), char(57345))", ranking: "rank",
                      values: [.text(expression.fts5)], marksCopy: false)
        })

    /// A statement as SQLite spells its parameters: `?1` for `$1`, with no `::type` after it.
    static func sqliteSpelling(_ sql: String) -> String {
        guard sql.utf8.contains(UInt8(ascii: "$")) else { return sql }
        var result: [UInt8] = []
        result.reserveCapacity(sql.utf8.count)
        var bytes = sql.utf8[...]
        while let dollar = bytes.firstIndex(of: UInt8(ascii: "$")) {
            result += bytes[..<dollar]
            result.append(UInt8(ascii: "?"))
            bytes = bytes[bytes.index(after: dollar)...]
            let digits = bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            result += digits
            bytes = bytes[digits.endIndex...]
            if bytes.starts(with: "::".utf8) {
                bytes = bytes.dropFirst(2).drop { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]")
                                                  || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
            }
        }
        result += bytes
        return String(decoding: result, as: UTF8.self)
    }
}
