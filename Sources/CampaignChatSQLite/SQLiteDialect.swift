import CampaignChat
import Glibc

/// What SQLite says differently in the chat's SQL (`SQLChatTransaction`).
struct SQLiteDialect: SQLDialect {
    func equalIgnoringCase(_ left: String, _ right: String) -> String { "\(left) = \(right) COLLATE NOCASE" }
    // BINARY, SQLite's default collation, is byte order.
    let byteOrder = ""
    // An SQLite file is shared only by the processes of one machine: its clock is everyone's.
    let clock: String? = nil
    // No data-modifying WITH; three statements in this process cost little.
    let chainsWrites = false
    let bindsLists = false
    // One prepared statement for every event, however many a write appends.
    let eventsPerInsert = 1
    // FTS5 writes its pending index to disk at every statement savepoint once it has been
    // written in the transaction: indexing last keeps that to one flush per write, not one per message.
    let indexMessages: String? = "INSERT INTO message_fts (rowid, body) SELECT id, body FROM message WHERE id >= $1 ORDER BY id"
    // Followers watch the file (inotify).
    let notifyFollowers: String? = nil
    // A write holds the whole file.
    let skipLocked = ""

    func search(_ expression: SearchExpression, firstParameter: Int) -> SQLSearch {
        // The FTS5 query is ours too (`SearchExpression.fts5`): an error in it is a bug, not the user's.
        SQLSearch(from: "message_fts JOIN message m ON m.id = message_fts.rowid", condition: "message_fts MATCH $\(firstParameter)",
                  highlighted: "highlight(message_fts, 0, char(57344), char(57345))", ranking: "rank",
                  values: [.text(expression.fts5)], marksCopy: false)
    }

    /// A statement as SQLite spells its parameters: `?1` for `$1`, with no `::type` after it.
    /// Run once per statement a connection prepares: it copies the runs between parameters whole.
    static func spelling(_ sql: String) -> String {
        var sql = sql
        return sql.withUTF8 { bytes in
            guard let base = bytes.baseAddress, memchr(base, Int32(UInt8(ascii: "$")), bytes.count) != nil else {
                return String(decoding: bytes, as: UTF8.self)
            }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            var index = 0
            while let dollar = memchr(base + index, Int32(UInt8(ascii: "$")), bytes.count - index) {
                let found = base.distance(to: dollar.assumingMemoryBound(to: UInt8.self))
                result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<found]))
                result.append(UInt8(ascii: "?"))
                index = found + 1
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                    result.append(bytes[index])
                    index += 1
                }
                if index + 1 < bytes.count, bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: ":") {
                    index += 2
                    while index < bytes.count, isTypeNameByte(bytes[index]) { index += 1 }
                }
            }
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index...]))
            return String(decoding: result, as: UTF8.self)
        }
    }

    private static func isTypeNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
    }
}
