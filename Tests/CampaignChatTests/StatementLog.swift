import CSQLite
import Foundation
import Testing
@testable import CampaignChatSQLite

/// The statements one SQLite connection runs (sqlite3_trace_v2), grouped by transaction: what
/// ran between each BEGIN and its COMMIT or ROLLBACK, for tests of how much a read costs.
final class StatementLog: @unchecked Sendable {
    private let lock = NSLock()
    private var finished: [(write: Bool, statements: [String])] = []
    private var open: (write: Bool, statements: [String])?

    init(_ database: Database) {
        sqlite3_trace_v2(database.handle, UInt32(SQLITE_TRACE_STMT), { _, context, _, text in
            guard let context, let text else { return 0 }
            Unmanaged<StatementLog>.fromOpaque(context).takeUnretainedValue().record(String(cString: text.assumingMemoryBound(to: CChar.self)))
            return 0
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    private func record(_ sql: String) {
        lock.lock()
        defer { lock.unlock() }
        if sql.hasPrefix("--") { return }  // a trigger's own statements
        if sql.hasPrefix("BEGIN") {
            open = (sql.hasPrefix("BEGIN IMMEDIATE"), [])
        } else if sql == "COMMIT" || sql == "ROLLBACK" {
            finished.append(open ?? (false, []))
            open = nil
        } else {
            open?.statements.append(sql)
        }
    }

    /// The statements of each read transaction that ended, in order: what a follower reads,
    /// without the writes it makes of its own (marking a thread read).
    var reads: [[String]] {
        lock.lock()
        defer { lock.unlock() }
        return finished.filter { !$0.write }.map(\.statements)
    }

    /// The statements of each write transaction that ended, in order.
    var writes: [[String]] {
        lock.lock()
        defer { lock.unlock() }
        return finished.filter(\.write).map(\.statements)
    }

    /// Expects what a follower read: at least `count` reads, the first running `first` statements
    /// (it works out what cannot change while it follows), each read after it one.
    func expectFollowerReads(atLeast count: Int, first: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let reads = self.reads
        #expect(reads.count >= count, "the first read and a read per change after: \(reads)", sourceLocation: sourceLocation)
        #expect(reads.first?.count == first, "the first works out what cannot change: \(reads.first ?? [])", sourceLocation: sourceLocation)
        #expect(reads.dropFirst().allSatisfy { $0.count == 1 }, "each read after it is one statement: \(reads.dropFirst().map { $0.count })",
                sourceLocation: sourceLocation)
    }
}
