import CampaignChat

/// The push notification outbox: claimed with a lease (`FOR UPDATE SKIP LOCKED`), finished by its owner.
/// Lease and retry times are on the server's clock, never a client's: two machines whose clocks
/// disagree would otherwise each think the other's lease had run out.
extension PostgresChatTransaction {
    /// The server's clock now, in the text form every timestamp is stored in (`clock_timestamp()`,
    /// not `now()`: a write's transaction starts before it waits for the lock).
    /// See https://www.postgresql.org/docs/current/functions-datetime.html#FUNCTIONS-DATETIME-CURRENT
    static let serverNow = #"to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"#

    func currentTime() throws -> Timestamp {
        Timestamp(millisecondsSinceEpoch: try connection.integer("SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint"))
    }

    func notifications(state: NotificationState?, limit: Int?) throws -> [PushNotification] {
        try connection.rows(StoredQueries.notifications + "\nWHERE ($1::text IS NULL OR n.state = $1) ORDER BY n.id LIMIT $2",
                            [SQLValue(state?.rawValue), SQLValue(limit)], StoredModels.notification)
    }

    func notification(id: Int64) throws -> PushNotification? {
        try connection.row(StoredQueries.notifications + "\nWHERE n.id = $1", [.integer(id)], StoredModels.notification)
    }

    func nextNotificationDue() throws -> Timestamp? {
        try connection.row("""
            SELECT min(greatest(next_attempt_at, coalesce(lease_until, ''))) FROM notification WHERE state = 'pending'
            """, [], { $0.optionalText(0).map(Timestamp.init(rfc3339:)) }) ?? nil
    }

    func claimNotification(afterID: Int64, now: Timestamp, leaseUntil: Timestamp, owner: String) throws -> PushNotification? {
        guard let id = try connection.row("""
            UPDATE notification SET lease_until = $3, lease_owner = $4
            WHERE id = (SELECT id FROM notification
                        WHERE state = 'pending' AND id > $1 AND next_attempt_at <= $2 AND (lease_until IS NULL OR lease_until <= $2)
                        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id
            """, [.integer(afterID), .text(now.rfc3339), .text(leaseUntil.rfc3339), .text(owner)], { $0.int64(0) })
        else { return nil }
        return try notification(id: id)
    }

    func finishNotification(id: Int64, owner: String?, state: NotificationState, attempts: Int, nextAttemptAt: Timestamp?,
                            exitCode: Int?, error: String?, at time: Timestamp) throws -> Bool {
        try connection.query("""
            UPDATE notification SET state = $2, attempts = $3, next_attempt_at = $4, last_exit_code = $5, last_error = $6,
                   delivered_at = CASE $2 WHEN 'delivered' THEN $7 END, lease_until = NULL, lease_owner = NULL
            WHERE id = $1 AND ($8::text IS NULL OR lease_owner = $8)
            """, [.integer(id), .text(state.rawValue), SQLValue(attempts), SQLValue(nextAttemptAt?.rfc3339),
                  SQLValue(exitCode), SQLValue(error), .text(time.rfc3339), SQLValue(owner)]).changedRows > 0
    }
}
