/// `db copy`: one store into an empty other store, of either engine, with the same ids.
///
/// The source is read in one snapshot, table by table in key order, and the target is written
/// in one transaction: an interrupted copy leaves the target as empty as it was, and a copy
/// taken while others write holds what had committed when it started. Rows travel in batches
/// (`rowsPerBatch`, fewer when long bodies fill `bytesPerBatch`), so memory does not grow with
/// the history and each batch is one statement on the target.
public enum StoreCopy {
    /// Rows per insert: one round trip to a server each. PostgreSQL binds at most 65,535
    /// parameters a statement, and the widest table has 14 columns.
    public static let rowsPerBatch = 1_000
    /// A batch ends early once its values hold this many bytes: bodies may be 40,000 bytes long.
    public static let bytesPerBatch = 1 << 20

    /// Copies every table of `source` into `target`, which must be empty and another database.
    public static func copy(from source: any ChatStore, to target: any ChatStore, options: CopyOptions) throws -> CopySummary {
        guard try source.databaseIdentity() != target.databaseIdentity() else {
            throw CopyRefusal.sameDatabase(source: options.sourceName)
        }
        return try source.read { _ in
            let reader = source.copyRows()
            let totals = try CopiedTables.all.map { try reader.rowCount(of: $0) }
            return try target.write { _ in
                let writer = target.copyRows()
                try requireEmpty(writer, name: options.targetName)
                var highestIDs: [String: Int64] = [:]
                for (table, total) in zip(CopiedTables.all, totals) {
                    let copied = try copyRows(of: table, total: total, from: reader, to: writer, options: options)
                    // Rows committed after the snapshot are not in it; the count said what the copy holds.
                    guard copied == total else {
                        throw StoreError.internalError("read \(copied) \(table.label) where the snapshot counted \(total)")
                    }
                    if table.hasID { highestIDs[table.name] = try reader.highestID(of: table) }
                }
                let prunedBefore = try reader.eventsPrunedBefore()
                try writer.finishCopy(highestIDs: highestIDs, eventsPrunedBefore: prunedBefore)
                // Last chance before the commit: building the search index of a long history takes seconds.
                if options.isInterrupted() { throw OperationInterrupted() }
                return CopySummary(counts: zip(CopiedTables.all, totals).map { ($0.label, $1) }, eventsPrunedBefore: prunedBefore)
            }
        }
    }

    /// Refuses a target with any row, or with events pruned: what it holds is named.
    private static func requireEmpty(_ writer: any CopyWriting, name: String) throws {
        var held: [(label: String, count: Int)] = []
        for table in CopiedTables.all {
            let count = try writer.rowCount(of: table)
            if count > 0 { held.append((table.label, count)) }
        }
        let prunedBefore = try writer.eventsPrunedBefore()
        if !held.isEmpty || prunedBefore > 0 {
            throw CopyRefusal.targetNotEmpty(target: name, holds: held, eventsPrunedBefore: prunedBefore)
        }
    }

    /// Streams one table into the target in batches; the rows copied.
    private static func copyRows(of table: CopiedTable, total: Int, from reader: any CopyReading, to writer: any CopyWriting,
                                 options: CopyOptions) throws -> Int {
        var batch: [[SQLValue]] = []
        batch.reserveCapacity(rowsPerBatch)
        var bytes = 0
        var copied = 0
        func flush() throws {
            if options.isInterrupted() { throw OperationInterrupted() }
            try writer.insert(batch, into: table)
            copied += batch.count
            batch.removeAll(keepingCapacity: true)
            bytes = 0
            options.progress(CopyProgress(label: table.label, copied: copied, total: total))
        }
        options.progress(CopyProgress(label: table.label, copied: 0, total: total))
        try reader.forEachRow(of: table) { row in
            batch.append(row)
            bytes += row.reduce(0) { $0 + $1.size }
            if batch.count == rowsPerBatch || bytes >= bytesPerBatch { try flush() }
        }
        if !batch.isEmpty { try flush() }
        return copied
    }
}

/// Names and callbacks of one copy.
public struct CopyOptions {
    /// The source and the target as they may be shown: never a password.
    public var sourceName: String
    public var targetName: String
    /// Called as each table starts and after each batch.
    public var progress: (CopyProgress) -> Void
    /// Asked before each batch and once more before the commit: `true` stops the copy, rolling
    /// back everything written.
    public var isInterrupted: () -> Bool

    public init(sourceName: String, targetName: String, progress: @escaping (CopyProgress) -> Void = { _ in },
                isInterrupted: @escaping () -> Bool = { false }) {
        self.sourceName = sourceName
        self.targetName = targetName
        self.progress = progress
        self.isInterrupted = isInterrupted
    }
}

/// How far a copy is: `copied` of `total` rows of one table.
public struct CopyProgress: Hashable, Sendable {
    public let label: String
    public let copied: Int
    public let total: Int
}

/// What a copy carried: rows per table (by label, in copy order) and the prune horizon.
public struct CopySummary: Sendable {
    public let counts: [(label: String, count: Int)]
    public let eventsPrunedBefore: Int64
}

/// A target `db copy` will not write into: nothing was written.
public enum CopyRefusal: Error, CustomStringConvertible {
    case sameDatabase(source: String)
    case targetNotEmpty(target: String, holds: [(label: String, count: Int)], eventsPrunedBefore: Int64)

    public var description: String {
        switch self {
        case .sameDatabase(let source):
            return "cannot copy '\(source)' into itself: --to names the database being copied; nothing was written"
        case .targetNotEmpty(let target, let holds, let prunedBefore):
            var contents = holds.map { "\($0.label): \($0.count)" }
            if prunedBefore > 0 { contents.append("events pruned before \(prunedBefore)") }
            return "cannot copy into '\(target)': it is not empty (it holds \(contents.joined(separator: ", "))); "
                + "db copy writes only into an empty database; nothing was written"
        }
    }
}

extension ChatService {
    /// Copies this store into the one `openTarget` opens (created when missing), for the brand
    /// only: a copy holds every creator's threads, so a creator is refused before the target is touched.
    public func copy(into openTarget: () throws -> any ChatStore, options: CopyOptions) throws -> CopySummary {
        try ThreadAccess.requireBrand(actor, to: "copy the database")
        return try StoreCopy.copy(from: store, to: try openTarget(), options: options)
    }
}
