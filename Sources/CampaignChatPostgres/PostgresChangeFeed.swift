import CLibPQ
import CampaignChat
import CampaignChatSystem

/// Changes on a PostgreSQL database, as LISTEN/NOTIFY delivers them: every write that adds to
/// the event log notifies `campaignchat_events` with its schema's name, at commit. The follower
/// waits on the connection's socket, so an idle follower costs nothing.
/// See https://www.postgresql.org/docs/current/sql-notify.html
final class PostgresChangeFeed: ChangeFeed {
    private let connection: PostgresConnection
    private let schema: String

    init(connection: PostgresConnection) throws {
        self.connection = connection
        try connection.execute("LISTEN \(PostgresDialect.eventChannel)")
        schema = try connection.row("SELECT current_schema()", []) { $0.text(0) } ?? "public"
    }

    func wait(stop: FollowerStop?, until deadline: Int64?) throws -> ChangeWait {
        let library = connection.library
        while true {
            if try takeNotifications() { return .changed }
            let socket = library.socket(connection.handle)
            guard socket >= 0 else { throw lost() }
            let (stopped, readable) = try ReadinessWait.poll([socket], stop: stop, until: deadline)
            if stopped { return .stopped }
            if !readable.isEmpty {
                guard library.consumeInput(connection.handle) == 1 else { throw lost() }
                continue
            }
            if let deadline, Timestamp.currentMilliseconds() >= deadline { return .timedOut }
        }
    }

    /// Frees every notification libpq holds; whether one was for this schema.
    private func takeNotifications() throws -> Bool {
        let library = connection.library
        var ours = false
        while let notification = library.notifies(connection.handle) {
            if let extra = notification.pointee.extra, String(cString: extra) == schema { ours = true }
            library.freemem(notification)
        }
        return ours
    }

    private func lost() -> StoreError {
        .unavailable("lost the connection to PostgreSQL at \(connection.server) while following it")
    }
}
