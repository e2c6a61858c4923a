import CSQLite
import Foundation
@testable import CampaignChatSQLite

/// The statements one SQLite connection runs (sqlite3_trace_v2), grouped by transaction: what
/// ran between each BEGIN and its COMMIT or ROLLBACK, for tests of how much a read costs.
final class StatementLog: @unchecked Sendable {
    private let lock = NSLock()
    private var finished: [[String]] = []
    private var open: [String]?

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
            open = []
        } else if sql == "COMMIT" || sql == "ROLLBACK" {
            finished.append(open ?? [])
            open = nil
        } else {
            open?.append(sql)
        }
    }

    /// The statements of each transaction that ended, in order.
    var transactions: [[String]] {
        lock.lock()
        defer { lock.unlock() }
        return finished
    }
}
