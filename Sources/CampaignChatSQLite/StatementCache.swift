/// The prepared statements of a connection, found by their SQL text.
///
/// An open-addressing table over two arrays rather than a `Dictionary`: a dictionary keyed by
/// our own type makes every process search all of the binary's protocol conformances once
/// (about 100,000 instructions, 3% of a `message send`) to instantiate its storage. The hash
/// reads the length and the first 48 bytes only: hashing the whole text of every statement of
/// every row cost a bulk send 4% (the statements are a few dozen long texts that differ early
/// or in length); a match still compares the whole text.
struct StatementCache {
    private var entries: [Statement] = []
    /// Each slot is an index into `entries` plus one, or 0 when empty; the count is a power of two.
    private var slots = [Int32](repeating: 0, count: 64)

    subscript(sql: String) -> Statement? {
        var slot = Self.hash(sql) & (slots.count - 1)
        while slots[slot] != 0 {
            let entry = entries[Int(slots[slot]) - 1]
            if entry.sql == sql { return entry }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    /// Adds a statement whose SQL is not in the cache yet.
    mutating func insert(_ statement: Statement) {
        if (entries.count + 1) * 2 > slots.count { grow() }
        entries.append(statement)
        place(entries.count - 1)
    }

    /// The SQL of every cached statement, in the order they were first prepared.
    var sqlTexts: [String] { entries.map { $0.sql } }

    mutating func removeAll() {
        entries.removeAll()
        slots = [Int32](repeating: 0, count: slots.count)
    }

    private mutating func place(_ index: Int) {
        var slot = Self.hash(entries[index].sql) & (slots.count - 1)
        while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
        slots[slot] = Int32(index + 1)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        for index in entries.indices { place(index) }
    }

    /// FNV-1a over the length and the first 48 bytes, read in place (iterating the
    /// `UTF8View` instead cost a bulk send 4%).
    private static func hash(_ sql: String) -> Int {
        var sql = sql
        return sql.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
            for byte in UnsafeBufferPointer(rebasing: bytes.prefix(48)) {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            return Int(truncatingIfNeeded: hash >> 1)
        }
    }
}
