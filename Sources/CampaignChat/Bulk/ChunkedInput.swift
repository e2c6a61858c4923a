/// Input read in chunks outside any transaction, each chunk then written (or, in a dry run, only
/// checked) in one transaction of its own and its results reported once that transaction ended:
/// what a bulk send and `shipment update` share. Memory holds one chunk, however long the input;
/// an interruption (asked before each item is read) rolls back only the open chunk.
struct ChunkedInput: Sendable {
    let size: Int
    let isInterrupted: @Sendable () -> Bool

    /// Up to `size` items of `next`; none at the end of the input.
    func chunk<Item>(of next: () throws -> Item?) throws -> [Item] {
        var chunk: [Item] = []
        while chunk.count < size {
            if isInterrupted() { throw OperationInterrupted() }
            guard let item = try next() else { break }
            chunk.append(item)
        }
        return chunk
    }

    /// Every chunk of `next` through `process`, each in a write transaction (`writer` is the
    /// transaction), or with `dryRun` in a read one (`writer` is nil); `report` gets the results after it ended.
    func forEachChunk<Item, Result>(of next: () throws -> Item?, in store: any ChatStore, dryRun: Bool,
                                    _ process: (_ chunk: [Item], _ tx: any ChatReading, _ writer: (any ChatWriting)?) throws -> [Result],
                                    report: (Result) throws -> Void) throws {
        while case let chunk = try chunk(of: next), !chunk.isEmpty {
            let results = dryRun ? try store.read { tx in try process(chunk, tx, nil) } : try store.write { tx in try process(chunk, tx, tx) }
            for result in results { try report(result) }
        }
    }
}
