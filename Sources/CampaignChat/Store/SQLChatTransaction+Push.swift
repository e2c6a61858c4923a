/// The push notification outbox: claimed with a lease, finished by its owner. Lease and retry
/// times are on the store's clock (`SQLDialect.clock`): on a shared server, the server's, since
/// two machines whose clocks disagree would each think the other's lease had run out.
extension SQLChatTransaction {
    public func currentTime() throws -> Timestamp {
        guard let clock = dialect.clock else { return Timestamp.now() }
        return try connection.row("SELECT \(clock)", []) { Timestamp(rfc3339: $0.text(0)) } ?? Timestamp.now()
    }

    public func notifications(state: NotificationState?, limit: Int?) throws -> [PushNotification] {
        try connection.rows(StoredQueries.notifications + "\nWHERE ($1::text IS NULL OR n.state = $1) ORDER BY n.id LIMIT $2",
                            [SQLValue(state?.rawValue), .integer(Int64(limit ?? Int(Int64.max)))], StoredModels.notification)
    }

    public func notification(id: Int64) throws -> PushNotification? {
        try connection.row(StoredQueries.notifications + "\nWHERE n.id = $1", [.integer(id)], StoredModels.notification)
    }

    public func nextNotificationDue() throws -> Timestamp? {
        try connection.row("""
            SELECT min(CASE WHEN lease_until > next_attempt_at THEN lease_until ELSE next_attempt_at END)
            FROM notification WHERE state = 'pending'
            """, [], { $0.optionalText(0).map(Timestamp.init(rfc3339:)) }) ?? nil
    }

    public func claimNotification(afterID: Int64, now: Timestamp, leaseUntil: Timestamp, owner: String) throws -> PushNotification? {
        guard let id = try connection.row("""
            UPDATE notification SET lease_until = $3, lease_owner = $4
            WHERE id = (SELECT id FROM notification
                        WHERE state = 'pending' AND id > $1 AND next_attempt_at <= $2 AND (lease_until IS NULL OR lease_until <= $2)
                        ORDER BY id LIMIT 1\(dialect.skipLocked))
            RETURNING id
            """, [.integer(afterID), .text(now.rfc3339), .text(leaseUntil.rfc3339), .text(owner)], { $0.int64(0) })
        else { return nil }
        return try notification(id: id)
    }

    public func finishNotification(id: Int64, owner: String?, state: NotificationState, attempts: Int, nextAttemptAt: Timestamp?,
                                   exitCode: Int?, error: String?, at time: Timestamp) throws -> Bool {
        try connection.run("""
            UPDATE notification SET state = $2, attempts = $3, next_attempt_at = $4, last_exit_code = $5, last_error = $6,
                   delivered_at = CASE $2 WHEN 'delivered' THEN $7 END, lease_until = NULL, lease_owner = NULL
            WHERE id = $1 AND ($8::text IS NULL OR lease_owner = $8)
            """, [.integer(id), .text(state.rawValue), SQLValue(attempts), SQLValue(nextAttemptAt?.rfc3339),
                  SQLValue(exitCode), SQLValue(error), .text(time.rfc3339), SQLValue(owner)]) > 0
    }
}
