import CampaignChat

/// The push notification outbox: claimed with a lease, finished by its owner.
extension SQLiteChatTransaction {
    // MARK: - Push notifications

    func notifications(state: NotificationState?, limit: Int?) throws -> [PushNotification] {
        try database.rows(StoredQueries.notifications + "\nWHERE (?1 IS NULL OR n.state = ?1) ORDER BY n.id LIMIT ?2",
                          [SQLValue(state?.rawValue), .integer(Int64(limit ?? -1))], StoredModels.notification)
    }

    func notification(id: Int64) throws -> PushNotification? {
        try database.row(StoredQueries.notifications + "\nWHERE n.id = ?1", [.integer(id)], StoredModels.notification)
    }

    func nextNotificationDue() throws -> Timestamp? {
        try database.row("""
            SELECT min(max(next_attempt_at, coalesce(lease_until, ''))) FROM notification WHERE state = 'pending'
            """, [], { $0.optionalText(0).map(Timestamp.init(rfc3339:)) }) ?? nil
    }

    /// This machine's clock: an SQLite file is shared only by the processes of one machine.
    func currentTime() throws -> Timestamp { Timestamp.now() }

    func claimNotification(afterID: Int64, now: Timestamp, leaseUntil: Timestamp, owner: String) throws -> PushNotification? {
        guard let id = try database.row("""
            SELECT id FROM notification
            WHERE state = 'pending' AND id > ?1 AND next_attempt_at <= ?2 AND (lease_until IS NULL OR lease_until <= ?2)
            ORDER BY id LIMIT 1
            """, [.integer(afterID), .text(now.rfc3339)], { $0.int64(0) })
        else { return nil }
        try database.run("UPDATE notification SET lease_until = ?2, lease_owner = ?3 WHERE id = ?1",
                         [.integer(id), .text(leaseUntil.rfc3339), .text(owner)])
        return try notification(id: id)
    }

    func finishNotification(id: Int64, owner: String?, state: NotificationState, attempts: Int, nextAttemptAt: Timestamp?,
                            exitCode: Int?, error: String?, at time: Timestamp) throws -> Bool {
        try database.run("""
            UPDATE notification SET state = ?2, attempts = ?3, next_attempt_at = ?4, last_exit_code = ?5, last_error = ?6,
                   delivered_at = CASE ?2 WHEN 'delivered' THEN ?7 END, lease_until = NULL, lease_owner = NULL
            WHERE id = ?1 AND (?8 IS NULL OR lease_owner = ?8)
            """, [.integer(id), .text(state.rawValue), SQLValue(attempts), SQLValue(nextAttemptAt?.rfc3339),
                  SQLValue(exitCode), SQLValue(error), .text(time.rfc3339), SQLValue(owner)])
        return database.changedRows > 0
    }
}
